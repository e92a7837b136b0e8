package dev.costguard.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.kube.Conditions;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No bearer token read from a Secret reaches the log, in text or JSON format, at DEBUG: not when it
 * is used, not when Prometheus refuses it and echoes it back, not when it cannot be sent (a line
 * break, a character the HTTP client refuses and would quote), not when Prometheus is unreachable
 * with the token in scope. Nor does it reach a policy's status or an event.
 */
class SecretsStayOutOfLogsTest {
  /** Each case: policy name, query, and what the Secret's key holds (the unique part marked). */
  private record Case(String name, String marker, String token) {}

  @ParameterizedTest
  @EnumSource(RunCommand.LogFormat.class)
  void noBearerTokenEverReachesTheLog(RunCommand.LogFormat format) throws Exception {
    List<Case> cases = new ArrayList<>();
    for (String name : List.of("used", "echoed", "html", "linebreak", "unicode", "unreachable")) {
      String marker = "tok" + UUID.randomUUID().toString().replace("-", "");
      String token =
          switch (name) {
            case "linebreak" -> marker + "\r\nX-Injected: yes";
            case "unicode" -> marker + "\u20ac";
            default -> marker;
          };
      cases.add(new Case(name, marker, token));
    }
    Map<String, String> seen = new ConcurrentHashMap<>();
    HttpServer prometheus = prometheus(seen);
    String up = "http://127.0.0.1:" + prometheus.getAddress().getPort();
    String down = "http://127.0.0.1:" + freePort();

    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    System.setProperty("COSTGUARD_LOG_LEVEL", "DEBUG");
    List<String> reported = new ArrayList<>();
    try {
      LogFormats.select(format);
      try (OperatorHarness harness =
          OperatorHarness.start(
              OperatorHarness.testConfig().withPrometheusAllowedUrls(List.of(up + "/", down + "/")),
              OperatorHarness.DEFAULT_START)) {
        harness.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: secrets}\n");
        for (Case c : cases) {
          harness.apply(
              """
              apiVersion: v1
              kind: Secret
              metadata: {name: %1$s, namespace: secrets}
              data: {token: %2$s}
              ---
              apiVersion: apps/v1
              kind: Deployment
              metadata: {name: %1$s, namespace: secrets}
              spec:
                replicas: 1
                selector: {matchLabels: {app: %1$s}}
                template:
                  metadata: {labels: {app: %1$s}}
                  spec: {containers: [{name: main, image: main}]}
              ---
              apiVersion: costguard.dev/v1alpha1
              kind: ScalingPolicy
              metadata: {name: %1$s, namespace: secrets}
              spec:
                targetRef: {apiVersion: apps/v1, kind: Deployment, name: %1$s}
                minReplicas: 1
                maxReplicas: 3
                triggers:
                  - type: Prometheus
                    serverAddress: %3$s
                    query: %1$s
                    scaleUpAbove: 80
                    scaleDownBelow: 10
                    bearerTokenSecretRef: {name: %1$s, key: token}
              """
                  .formatted(
                      c.name(),
                      Base64.getEncoder()
                          .encodeToString(c.token().getBytes(StandardCharsets.UTF_8)),
                      c.name().equals("unreachable") ? down : up));
        }
        harness.awaitValue(() -> seen.get("used"), auth -> auth != null);
        for (String name : List.of("echoed", "html", "unreachable")) {
          awaitCondition(harness, name, "MetricsUnavailable", "True");
        }
        for (String name : List.of("linebreak", "unicode")) {
          ScalingPolicy refused = awaitCondition(harness, name, Conditions.READY, "False");
          assertThat(Conditions.find(refused.getStatus().conditions, Conditions.READY).get())
              .satisfies(ready -> assertThat(ready.getReason()).isEqualTo("InvalidBearerToken"));
        }
        Thread.sleep(2500); // retries and repeated reconciles log again
        ObjectMapper json = new ObjectMapper();
        for (ScalingPolicy policy :
            harness
                .client()
                .resources(ScalingPolicy.class)
                .inNamespace("secrets")
                .list()
                .getItems()) {
          reported.add(json.writeValueAsString(policy.getStatus()));
        }
        for (Event event :
            harness.client().v1().events().inNamespace("secrets").list().getItems()) {
          reported.add(event.getMessage());
        }
      }
    } finally {
      System.clearProperty("COSTGUARD_LOG_LEVEL");
      LogFormats.select(RunCommand.LogFormat.text);
      System.setOut(original);
      prometheus.stop(0);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(seen.get("used")).as("the token was read and sent").contains(cases.get(0).token());
    assertThat(seen.get("echoed")).contains(cases.get(1).token());
    assertThat(log)
        .as("the log was captured, with the failures in it")
        .contains("InvalidBearerToken")
        .contains("PrometheusUnreachable");
    for (Case c : cases) {
      String base64 =
          Base64.getEncoder().encodeToString(c.token().getBytes(StandardCharsets.UTF_8));
      assertThat(log).as("log, " + c.name()).doesNotContain(c.marker()).doesNotContain(base64);
      assertThat(reported)
          .as("status and events, " + c.name())
          .noneMatch(text -> text != null && (text.contains(c.marker()) || text.contains(base64)));
    }
  }

  private static ScalingPolicy awaitCondition(
      OperatorHarness harness, String name, String type, String status) {
    return harness.awaitValue(
        () ->
            harness
                .client()
                .resources(ScalingPolicy.class)
                .inNamespace("secrets")
                .withName(name)
                .get(),
        p ->
            p != null
                && p.getStatus() != null
                && Conditions.find(p.getStatus().conditions, type)
                    .filter(c -> status.equals(c.getStatus()))
                    .isPresent());
  }

  /**
   * Answers query {@code used} with 95, refuses {@code echoed} with a 401 that quotes the
   * Authorization header back, and answers {@code html} with a 500 page quoting it too.
   */
  private static HttpServer prometheus(Map<String, String> seen) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/query",
        exchange -> {
          String raw = exchange.getRequestURI().getRawQuery();
          String query =
              URLDecoder.decode(raw.substring(raw.indexOf("query=") + 6), StandardCharsets.UTF_8);
          String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
          seen.put(query, auth);
          int code;
          String body;
          switch (query) {
            case "used" -> {
              code = 200;
              body =
                  "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                      + "[{\"metric\":{},\"value\":["
                      + (OperatorHarness.DEFAULT_START.toEpochMilli() / 1000.0)
                      + ",\"95\"]}]}}";
            }
            case "echoed" -> {
              code = 401;
              body =
                  "{\"status\":\"error\",\"errorType\":\"unauthorized\",\"error\":\"bad credentials"
                      + " in Authorization: "
                      + auth
                      + "\"}";
            }
            default -> {
              code = 500;
              body = "<html><body>upstream refused Authorization: " + auth + "</body></html>";
            }
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(code, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return server;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
