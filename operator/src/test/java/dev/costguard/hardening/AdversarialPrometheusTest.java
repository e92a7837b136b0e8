package dev.costguard.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.kube.Conditions;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile Prometheus answers from {@code adversarial/prometheus.yaml}: NaN, infinities, words,
 * stale samples, many series, HTML, truncated JSON, 4xx/5xx, a slow server and a huge value. One
 * operator and one HTTP server serve every case; each case is a policy with a query of its own.
 */
class AdversarialPrometheusTest {
  private static final String NAMESPACE = "hostile-prometheus";
  private static final Path FIXTURES = Path.of("src/test/resources/adversarial/prometheus.yaml");
  private static OperatorHarness harness;
  private static HttpServer server;
  private static final Map<String, JsonNode> ANSWERS = new ConcurrentHashMap<>();

  static Stream<JsonNode> cases() {
    try {
      List<JsonNode> cases = new ArrayList<>();
      Serialization.unmarshal(Files.readString(FIXTURES), JsonNode.class)
          .get("cases")
          .forEach(cases::add);
      return cases.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void startPrometheusAndOperator() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.createContext(
        "/api/v1/query",
        exchange -> {
          String raw = exchange.getRequestURI().getRawQuery();
          String query =
              URLDecoder.decode(raw.substring(raw.indexOf("query=") + 6), StandardCharsets.UTF_8);
          JsonNode c = ANSWERS.get(query);
          try {
            if (c != null && c.has("delayMillis")) {
              Thread.sleep(c.get("delayMillis").asLong());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = (c == null ? "" : body(c)).getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .add(
                  "Content-Type",
                  c == null ? "text/plain" : c.path("contentType").asText("application/json"));
          try {
            exchange.sendResponseHeaders(
                c == null ? 404 : c.path("status").asInt(200), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          } catch (IOException closedByClient) {
            // The slow case: the operator gave up waiting, as it should.
          }
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    harness =
        OperatorHarness.start(
            OperatorHarness.testConfig().withPrometheusAllowedUrls(List.of(url)),
            OperatorHarness.DEFAULT_START);
    // Each Deployment's two pods run and are ready, as a ReplicaSet would make them (the mock runs
    // no controllers): a Value trigger scales over the ready pods.
    cases()
        .forEach(
            c -> {
              String name = c.get("name").asText();
              ANSWERS.put(name, c);
              harness.apply(
                  """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: %1$s, namespace: %2$s, labels: {app: %1$s}}
          spec:
            replicas: 2
            selector: {matchLabels: {app: %1$s}}
            template:
              metadata: {labels: {app: %1$s}}
              spec: {containers: [{name: app, image: app}]}
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: %1$s-0, namespace: %2$s, labels: {app: %1$s}}
          spec: {containers: [{name: app, image: app}]}
          status: {phase: Running, startTime: "2026-06-10T09:00:00Z", conditions: [{type: Ready, status: "True", lastTransitionTime: "2026-06-10T09:00:00Z"}]}
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: %1$s-1, namespace: %2$s, labels: {app: %1$s}}
          spec: {containers: [{name: app, image: app}]}
          status: {phase: Running, startTime: "2026-06-10T09:00:00Z", conditions: [{type: Ready, status: "True", lastTransitionTime: "2026-06-10T09:00:00Z"}]}
          ---
          apiVersion: costguard.dev/v1alpha1
          kind: ScalingPolicy
          metadata: {name: %1$s, namespace: %2$s}
          spec:
            targetRef: {apiVersion: apps/v1, kind: Deployment, name: %1$s}
            minReplicas: 1
            maxReplicas: 5
            triggers:
              - type: Prometheus
                serverAddress: %3$s
                query: '%1$s'
                timeoutSeconds: 1
                scaleUpAbove: 80
                scaleDownBelow: 30
          """
                      .formatted(name, NAMESPACE, url));
            });
  }

  @AfterAll
  static void stop() {
    harness.close();
    server.stop(0);
  }

  private static String body(JsonNode c) {
    // Stamped on the server's own (wall) clock, as Prometheus stamps an instant query's result;
    // the operator judges its age against the Date of the answer, not against its own clock.
    String now = String.valueOf(java.time.Instant.now().getEpochSecond());
    if (c.has("series")) {
      StringBuilder result = new StringBuilder();
      for (int i = 0; i < c.get("series").asInt(); i++) {
        result
            .append(i == 0 ? "" : ",")
            .append("{\"metric\":{\"i\":\"")
            .append(i)
            .append("\"},\"value\":[")
            .append(now)
            .append(",\"95\"]}");
      }
      return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
          + result
          + "]}}";
    }
    return c.path("body").asText().replace("${now}", now);
  }

  @ParameterizedTest(name = "Prometheus answer {0}")
  @MethodSource("cases")
  void theAnswerIsReportedAndNothingIsScaledOnIt(JsonNode c) {
    String name = c.get("name").asText();
    String expected = c.get("condition").asText();
    ScalingPolicy policy =
        harness.awaitValue(
            () -> policy(name),
            p ->
                condition(p, "MetricsUnavailable")
                    .map(Condition::getReason)
                    .filter(expected::equals)
                    .isPresent());
    Condition metrics = condition(policy, "MetricsUnavailable").orElseThrow();
    if (c.has("message")) {
      assertThat(metrics.getMessage()).contains(c.get("message").asText());
    }
    Condition ready = condition(policy, Conditions.READY).orElseThrow();
    if (c.has("ready")) {
      assertThat(ready.getStatus()).isEqualTo(Conditions.FALSE);
      assertThat(ready.getReason()).isEqualTo(c.get("ready").asText());
    } else {
      assertThat(ready.getStatus()).isEqualTo(Conditions.TRUE);
    }
    int replicas = c.path("replicas").asInt(2);
    assertThat(harness.awaitValue(() -> replicas(name), r -> r == replicas)).isEqualTo(replicas);
    if (replicas == 2) {
      assertThat(writesTo(name)).as("writes to Deployment %s", name).isEmpty();
    }
    if (c.has("statusValue")) {
      JsonNode value =
          Serialization.jsonMapper().valueToTree(policy.getStatus()).at("/metrics/0/value");
      assertThat(value.asText()).isEqualTo(c.get("statusValue").asText());
    }
  }

  private static ScalingPolicy policy(String name) {
    return harness
        .client()
        .resources(ScalingPolicy.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  private static Optional<Condition> condition(ScalingPolicy policy, String type) {
    return policy == null || policy.getStatus() == null
        ? Optional.empty()
        : Conditions.find(policy.getStatus().conditions, type);
  }

  private static int replicas(String name) {
    return harness
        .client()
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName(name)
        .get()
        .getSpec()
        .getReplicas();
  }

  private static List<String> writesTo(String deployment) {
    return harness.requests().stream()
        .filter(ApiRequest::isFromOperator)
        .filter(ApiRequest::isWrite)
        .filter(r -> r.path().contains("/deployments/" + deployment))
        .map(Object::toString)
        .toList();
  }
}
