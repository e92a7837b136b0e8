package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.costguard.notify.WebhookSignature;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Owners told where they are: a real HTTP server in the test receives a budget's notifications,
 * each once, signed, retried after a 500, and not again after an operator restart; an address off
 * the allow-list is refused with a Warning event.
 */
class BudgetNotificationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SIGNING_KEY = "team-ml-signing-key".getBytes(StandardCharsets.UTF_8);

  /** What the receiver accepted (2xx), by path, with headers of interest. */
  private record Received(
      String path, String event, String delivery, String signature, byte[] body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final List<Received> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger genericAttempts = new AtomicInteger();
  private HttpServer receiver;
  private OperatorHarness harness;
  private BudgetFleet fleet;

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          // The first delivery to the generic endpoint fails with a 500: it must be retried.
          boolean fail = path.equals("/hooks/generic") && genericAttempts.getAndIncrement() == 0;
          if (!fail) {
            accepted.add(
                new Received(
                    path,
                    exchange.getRequestHeaders().getFirst("X-Costguard-Event"),
                    exchange.getRequestHeaders().getFirst("X-Costguard-Delivery"),
                    exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                    body));
          }
          exchange.sendResponseHeaders(fail ? 500 : 204, -1);
          exchange.close();
        });
    receiver.start();
    String allowed = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
    harness =
        OperatorHarness.start(
            OperatorHarness.testConfig().withNotificationAllowedUrls(List.of(allowed)),
            OperatorHarness.DEFAULT_START);
    fleet = BudgetFleet.seeded(harness);
  }

  @AfterEach
  void stop() {
    harness.close();
    receiver.stop(0);
  }

  @Test
  void ownersAreToldEachCrossingActionAndUndoOnceSignedRetriedAndNotAgainAfterARestart() {
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    harness.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: costguard-system}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: ml-webhooks, namespace: costguard-system}
        data:
          signing-key: %s
          slack-url: %s
        """
            .formatted(
                base64("team-ml-signing-key"), base64(base + "/hooks/slack/T000/B000/XXXX")));
    harness.apply(
        BudgetFleet.LADDER_BUDGET
            + """
              notifications:
                - name: ml-generic
                  url: %s/hooks/generic
                  signingSecretRef: {name: ml-webhooks, key: signing-key}
                - name: ml-slack
                  urlSecretRef: {name: ml-webhooks, key: slack-url}
                  format: Slack
                  events: [ThresholdCrossed]
                - name: metadata
                  url: http://169.254.169.254/latest/meta-data
            """
                .formatted(base));
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null);

    at("2026-06-10T15:00:00Z"); // 50 of 100 spent: Notify
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> paths().contains("/hooks/generic") && paths().contains("/hooks/slack"));
    Received crossed = only("/hooks/generic", "ThresholdCrossed");
    assertThat(genericAttempts.get()).as("the 500 was retried").isEqualTo(2);
    await() // counted once the receiver's answer is in
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(harness.metrics())
                    .contains("costguard_notifications_retried_total{format=\"Generic\"} 1.0")
                    .contains("costguard_notifications_sent_total{format=\"Slack\"} 1.0"));
    assertThat(WebhookSignature.verify(SIGNING_KEY, crossed.signature(), crossed.body()))
        .as("signed with the key from the Secret")
        .isTrue();
    assertThat(crossed.json().path("amounts").path("spent").asText()).isEqualTo("50.000000");
    assertThat(crossed.json().path("amounts").path("limit").asText()).isEqualTo("100");
    assertThat(crossed.delivery())
        .isEqualTo("ml-daily/ThresholdCrossed/2026-06-10T00:00:00Z/50%@1");
    Received slack =
        accepted.stream().filter(r -> r.path().startsWith("/hooks/slack")).findFirst().get();
    assertThat(slack.path()).isEqualTo("/hooks/slack/T000/B000/XXXX");
    assertThat(slack.signature()).as("Slack is not signed").isNull();
    assertThat(slack.json().path("text").asText()).contains("ml-daily crossed 50%");

    at("2026-06-10T16:00:00Z"); // 60%: BlockScaleUp on api, web and web's HPA
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> kinds("/hooks/generic").contains("ActionTaken"));
    Received taken = only("/hooks/generic", "ActionTaken");
    assertThat(taken.json().path("workloads").toString())
        .isEqualTo(
            "[\"Deployment ml/api\",\"Deployment ml/web\",\"HorizontalPodAutoscaler ml/web\"]");

    Event refused =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    harness.client().v1().events().inAnyNamespace().list().getItems().stream()
                        .filter(e -> "NotificationFailed".equals(e.getReason()))
                        .findFirst()
                        .orElse(null),
                e -> e != null);
    assertThat(refused.getType()).isEqualTo("Warning");
    assertThat(refused.getMessage())
        .contains("target metadata failed")
        .contains("http://169.254.169.254:80 is not on the operator's notification allow-list");

    settle();
    harness.restartOperator();
    settle();
    at("2026-06-10T16:00:30Z");
    settle();
    assertThat(deliveries())
        .as("each notice once, the same after a restart")
        .containsExactlyInAnyOrder(
            "/hooks/generic ThresholdCrossed",
            "/hooks/generic ActionTaken",
            "/hooks/slack/T000/B000/XXXX ThresholdCrossed");

    at("2026-06-11T00:00:30Z"); // rollover: BlockScaleUp undone
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> kinds("/hooks/generic").contains("ActionUndone"));
    Received undone = only("/hooks/generic", "ActionUndone");
    assertThat(undone.json().path("period").path("start").asText())
        .isEqualTo("2026-06-11T00:00:00Z");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(harness.metrics())
                    .as("counted since the restart")
                    .contains("costguard_notifications_sent_total{format=\"Generic\"} 1.0")
                    .contains("costguard_notifications_failed_total{format=\"Generic\"} 1.0"));
  }

  private Received only(String path, String kind) {
    List<Received> matching =
        accepted.stream()
            .filter(r -> r.path().equals(path) && r.json().path("kind").asText().equals(kind))
            .toList();
    assertThat(matching).as("%s to %s", kind, path).hasSize(1);
    return matching.get(0);
  }

  private List<String> paths() {
    return accepted.stream()
        .map(r -> r.path().startsWith("/hooks/slack") ? "/hooks/slack" : r.path())
        .toList();
  }

  private List<String> kinds(String path) {
    return accepted.stream()
        .filter(r -> r.path().equals(path))
        .map(r -> r.json().path("kind").asText())
        .toList();
  }

  private List<String> deliveries() {
    return accepted.stream()
        .map(r -> r.path() + " " + r.event())
        .sorted()
        .collect(Collectors.toList());
  }

  /** The mock keeps stringData as written (a real API server moves it into data). */
  private static String base64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private void at(String instant) {
    harness.clock().set(Instant.parse(instant));
  }

  private static void settle() {
    try {
      Thread.sleep(2200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
