package dev.costguard.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.costguard.api.v1alpha1.NotificationEvent;
import dev.costguard.api.v1alpha1.NotificationFormat;
import dev.costguard.api.v1alpha1.NotificationTarget;
import dev.costguard.api.v1alpha1.SecretKeyRef;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import dev.costguard.kube.EventRecorder;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery against a real HTTP server: what is retried and what is not, redirects, timeouts, the
 * bounded queue, de-duplication, and what a failure report shows.
 */
class WebhookNotifierTest {
  private static final Instant DAY = Instant.parse("2026-06-10T00:00:00Z");

  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer receiver;
  private String base;
  private OperatorHarness harness;
  private SimpleMeterRegistry meters;
  private WebhookNotifier notifier;
  private WorkloadBudget budget;

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    receiver.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          exchange.getRequestBody().readAllBytes();
          hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          int status =
              switch (path.split("/")[1]) {
                case "ok" -> 204;
                case "missing" -> 404;
                case "unavailable" -> 503;
                case "moved" -> {
                  exchange.getResponseHeaders().add("Location", base + "/ok/redirected");
                  yield 302;
                }
                case "slow" -> {
                  sleep(Duration.ofSeconds(2));
                  yield 204;
                }
                case "blocked" -> {
                  waitFor(release);
                  yield 204;
                }
                default -> 500;
              };
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    harness =
        OperatorHarness.withoutOperator(
            OperatorHarness.testConfig(), OperatorHarness.DEFAULT_START);
    harness
        .client()
        .secrets()
        .inNamespace("costguard-system")
        .resource(
            new SecretBuilder()
                .withMetadata(
                    new ObjectMetaBuilder()
                        .withName("hooks")
                        .withNamespace("costguard-system")
                        .build())
                .withData(
                    Map.of(
                        "missing-url",
                        Base64.getEncoder()
                            .encodeToString(
                                (base + "/missing/T000/s3cr3t-path")
                                    .getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
    budget = new WorkloadBudget();
    budget.setMetadata(new ObjectMetaBuilder().withName("ml-daily").withUid("uid-ml").build());
    budget.setSpec(new WorkloadBudgetSpec());
    meters = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (notifier != null) {
      notifier.close();
    }
    receiver.stop(0);
    harness.close();
  }

  @Test
  void aClientErrorIsNotRetriedAndIsReportedWithoutTheWebhookPath() {
    start(settings(10), target("team", null, secretRef("missing-url")));

    notifier.publish(notice("50%@1"));

    Event event = awaitEvent();
    assertThat(hits.get("/missing/T000/s3cr3t-path").get()).isEqualTo(1);
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage())
        .isEqualTo(
            "notification ThresholdCrossed to target team failed: " + base + " answered HTTP 404")
        .doesNotContain("s3cr3t");
    assertThat(count("costguard.notifications.failed")).isEqualTo(1);
    assertThat(count("costguard.notifications.retried")).isZero();
  }

  @Test
  void aServerErrorIsRetriedWithBackoffUpToTheLastAttempt() {
    start(settings(10), target("team", base + "/unavailable", null));

    notifier.publish(notice("50%@1"));

    Event event = awaitEvent();
    assertThat(hits.get("/unavailable").get()).isEqualTo(3);
    assertThat(event.getMessage())
        .endsWith("failed after 3 attempts: " + origin() + " answered HTTP 503");
    assertThat(count("costguard.notifications.retried")).isEqualTo(2);
    assertThat(count("costguard.notifications.failed")).isEqualTo(1);
  }

  @Test
  void aRedirectIsNotFollowed() {
    start(settings(10), target("team", base + "/moved", null));

    notifier.publish(notice("50%@1"));

    Event event = awaitEvent();
    assertThat(event.getMessage()).endsWith("answered HTTP 302: redirects are not followed");
    assertThat(hits).doesNotContainKey("/ok/redirected");
  }

  @Test
  void aTimeoutAndARefusedConnectionAreRetried() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    var fast =
        new WebhookNotifier.Settings(
            100,
            2,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), () -> 0),
            Duration.ofMillis(300));
    start(
        fast,
        List.of("http://127.0.0.1:" + closedPort, base),
        target("slow", base + "/slow", null),
        target("closed", "http://127.0.0.1:" + closedPort + "/hook", null));

    notifier.publish(notice("50%@1"));

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> count("costguard.notifications.failed") == 2);
    assertThat(hits.get("/slow").get()).isEqualTo(2);
    assertThat(count("costguard.notifications.retried")).isEqualTo(2);
  }

  @Test
  void eachNoticeIsDeliveredOnceAndOnlyToTargetsThatWantIt() {
    NotificationTarget onlyActions = target("actions", base + "/ok/actions", null);
    onlyActions.events = List.of(NotificationEvent.ActionTaken);
    start(settings(10), target("all", base + "/ok/all", null), onlyActions);

    notifier.publish(notice("50%@1"));
    notifier.publish(notice("50%@1"));

    await().atMost(Duration.ofSeconds(10)).until(() -> count("costguard.notifications.sent") == 1);
    sleep(Duration.ofMillis(300));
    assertThat(hits.get("/ok/all").get()).isEqualTo(1);
    assertThat(hits).doesNotContainKey("/ok/actions");
  }

  @Test
  void aFullQueueDropsWithoutBlockingThePublisher() {
    var small =
        new WebhookNotifier.Settings(
            2,
            1,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), () -> 0),
            Duration.ofSeconds(30));
    start(small, List.of(base), target("team", base + "/blocked", null));

    long started = System.nanoTime();
    for (int i = 0; i < 20; i++) {
      notifier.publish(notice(i + "%@1"));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(2));
    assertThat(count("costguard.notifications.dropped")).isGreaterThanOrEqualTo(17);
    assertThat(notifier.pending()).isLessThanOrEqualTo(2);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> notifier.pending() == 0);
  }

  private void start(WebhookNotifier.Settings settings, NotificationTarget... targets) {
    start(settings, List.of(base), targets);
  }

  private void start(
      WebhookNotifier.Settings settings, List<String> allowed, NotificationTarget... targets) {
    budget.getSpec().notifications = List.of(targets);
    notifier =
        new WebhookNotifier(
            name -> name.equals("ml-daily") ? Optional.of(budget) : Optional.empty(),
            NotificationSecrets.in(harness.client(), "costguard-system"),
            new WebhookAllowList(allowed, java.net.InetAddress::getAllByName),
            new EventRecorder(harness.client(), harness.clock(), Duration.ofMinutes(10)),
            meters,
            Clock.systemUTC(),
            settings);
  }

  private static WebhookNotifier.Settings settings(long backoffMillis) {
    return new WebhookNotifier.Settings(
        100,
        3,
        new Backoff(Duration.ofMillis(backoffMillis), Duration.ofMillis(100), () -> 0.5),
        Duration.ofSeconds(5));
  }

  private static NotificationTarget target(String name, String url, SecretKeyRef urlSecret) {
    NotificationTarget target = new NotificationTarget();
    target.name = name;
    target.url = url;
    target.urlSecretRef = urlSecret;
    target.format = NotificationFormat.Generic;
    return target;
  }

  private static SecretKeyRef secretRef(String key) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.name = "hooks";
    ref.key = key;
    return ref;
  }

  private static Notice notice(String subject) {
    return new Notice(
        "ml-daily",
        NotificationEvent.ThresholdCrossed,
        DAY,
        DAY.plusSeconds(86_400),
        subject,
        "crossed",
        "USD",
        Map.of(),
        List.of(),
        DAY.plusSeconds(3600));
  }

  private Event awaitEvent() {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                harness.client().v1().events().inAnyNamespace().list().getItems().stream()
                    .filter(e -> "NotificationFailed".equals(e.getReason()))
                    .findFirst()
                    .orElse(null),
            e -> e != null);
  }

  private String origin() {
    return base;
  }

  private double count(String name) {
    return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
