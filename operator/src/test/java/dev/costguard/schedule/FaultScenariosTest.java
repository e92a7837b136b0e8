package dev.costguard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.OriginalState;
import dev.costguard.kube.WorkloadPatcher;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults of the API server and the operator process while a schedule sleeps and wakes workloads:
 * each scenario ends with every workload exactly as it should be, one hold per workload, and the
 * originals intact. Convergence times are measured and written to {@code
 * target/fault-convergence.txt}, never asserted (they depend on the machine).
 */
class FaultScenariosTest {
  static final Instant DAY = Instant.parse("2026-06-10T10:00:00Z");
  static final Instant NIGHT = Instant.parse("2026-06-10T21:00:00Z");
  static final Instant MORNING = Instant.parse("2026-06-11T07:00:00Z");

  /** Failures of each code in a storm (the client retries 429 and 5xx itself, with backoff). */
  static final int STORM = 5;

  static final Duration CONVERGENCE_LIMIT = Duration.ofSeconds(90);

  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(OperatorHarness.testConfig(), DAY);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @AfterEach
  void cleanUp() {
    harness.cluster().clearFailures();
    if (harness.operator() == null) {
      harness.startOperator();
    }
    harness.client().resources(ShutdownSchedule.class).delete();
    harness.awaitValue(
        () -> harness.client().resources(ShutdownSchedule.class).list().getItems(), List::isEmpty);
    harness.clock().set(DAY);
  }

  @Test
  void aConflictOnAWorkloadPatchIsRetriedFromTheFreshObject() {
    setUp("conflict", Map.of("api", 3));
    harness
        .cluster()
        .failRequests(patchesOf("conflict", "api").and(FaultScenariosTest::fromOperator), 409, 1);
    harness.clock().set(NIGHT);
    awaitReplicas("conflict", Map.of("api", 0));
    assertThat(requests(patchesOf("conflict", "api")))
        .as("the refused patch and its retry")
        .hasSizeGreaterThanOrEqualTo(2);
    assertHeldOnceWithOriginal("conflict", "api", 3);
    harness.clock().set(MORNING);
    awaitReplicas("conflict", Map.of("api", 3));
  }

  @Test
  void stormsOf429And500ConvergeAndLoseNothing() {
    Map<String, Integer> replicas = Map.of("a", 1, "b", 2, "c", 3, "d", 4, "e", 5);
    setUp("storm", replicas);
    Predicate<ApiRequest> writes =
        r -> fromOperator(r) && r.isWrite() && r.path().contains("/namespaces/storm/");
    harness.cluster().failRequests(writes, 429, STORM);
    harness.cluster().failRequests(writes, 500, STORM);
    harness.clock().set(NIGHT);
    Duration asleep =
        timed(() -> awaitReplicas("storm", Map.of("a", 0, "b", 0, "c", 0, "d", 0, "e", 0)));
    replicas.forEach((name, original) -> assertHeldOnceWithOriginal("storm", name, original));

    harness.cluster().failRequests(writes, 429, STORM);
    harness.cluster().failRequests(writes, 500, STORM);
    harness.clock().set(MORNING);
    Duration awake = timed(() -> awaitReplicas("storm", replicas));
    replicas.keySet().forEach(name -> assertThat(annotationOf("storm", name)).isNull());
    report(
        STORM
            + " answers of 429 then "
            + STORM
            + " of 500 to the operator's writes in a namespace of 5 workloads: asleep after "
            + asleep.toMillis()
            + " ms, awake after "
            + awake.toMillis()
            + " ms");
  }

  @Test
  void theApiServerDownAcrossTheWakeTimeCatchesUpWhenItIsBack() {
    setUp("down", Map.of("api", 3, "web", 2));
    harness.clock().set(NIGHT);
    awaitReplicas("down", Map.of("api", 0, "web", 0));

    harness.cluster().failRequests(FaultScenariosTest::fromOperator, 503, -1);
    // 30 s of wall-clock time on the operator's clock, across the wake time, in 3 s of real time.
    harness.clock().set(MORNING.minusSeconds(15));
    sleep(Duration.ofMillis(1500));
    harness.clock().set(MORNING.plusSeconds(15));
    sleep(Duration.ofMillis(1500));
    assertThat(replicas("down", "api")).as("nothing changes while the API server is down").isZero();

    harness.cluster().clearFailures();
    Duration awake = timed(() -> awaitReplicas("down", Map.of("api", 3, "web", 2)));
    assertThat(annotationOf("down", "api")).isNull();
    report(
        "API server down (503) for 30 s of operator time across the wake time: awake "
            + awake.toMillis()
            + " ms after it came back");
  }

  @Test
  void theOperatorKilledBetweenTwoPatchesOfOnePlanFinishesItOnRestartWithoutWritingTwice() {
    setUp("killed", Map.of("a", 2, "b", 4));
    harness.cluster().failRequests(patchesOf("killed", "b"), 500, -1);
    harness.clock().set(NIGHT);
    awaitReplicas("killed", Map.of("a", 0));
    harness.stopOperator();
    assertThat(replicas("killed", "b")).as("the plan's second patch never landed").isEqualTo(4);
    harness.cluster().clearFailures();
    int writesToA = requests(patchesOf("killed", "a")).size();

    harness.startOperator();
    awaitReplicas("killed", Map.of("a", 0, "b", 0));
    sleep(Duration.ofMillis(2200));
    assertThat(requests(patchesOf("killed", "a")))
        .as("a, already asleep, is not written again")
        .hasSize(writesToA);
    assertHeldOnceWithOriginal("killed", "a", 2);
    assertHeldOnceWithOriginal("killed", "b", 4);
    harness.clock().set(MORNING);
    awaitReplicas("killed", Map.of("a", 2, "b", 4));
  }

  // --- fixtures

  private static void setUp(String namespace, Map<String, Integer> deployments) {
    harness.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + namespace + "}\n");
    deployments.forEach(
        (name, replicas) ->
            harness.apply(
                """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: %s}
        spec:
          replicas: %d
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec: {containers: [{name: main, image: registry.example/app:1}]}
        """
                    .formatted(name, namespace, replicas, name, name)));
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ShutdownSchedule
        metadata: {name: %s}
        spec:
          namespaces: [%s]
          timeZone: UTC
          sleep: [{days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], from: "20:00", to: "06:00"}]
        """
            .formatted(namespace, namespace));
    harness.awaitValue(
        () -> harness.client().resources(ShutdownSchedule.class).withName(namespace).get(),
        s -> s != null && s.getStatus() != null && "Awake".equals(s.getStatus().state));
  }

  private static Predicate<ApiRequest> patchesOf(String namespace, String name) {
    return r ->
        r.method().equals("PATCH")
            && r.path()
                .split("\\?")[0]
                .endsWith("/namespaces/" + namespace + "/deployments/" + name);
  }

  private static List<ApiRequest> requests(Predicate<ApiRequest> which) {
    return harness.requests().stream().filter(which).toList();
  }

  private static Deployment deployment(String namespace, String name) {
    return harness.client().apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private static int replicas(String namespace, String name) {
    return deployment(namespace, name).getSpec().getReplicas();
  }

  private static void awaitReplicas(String namespace, Map<String, Integer> want) {
    org.awaitility.Awaitility.await()
        .atMost(CONVERGENCE_LIMIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                want.keySet().stream()
                    .allMatch(name -> replicas(namespace, name) == want.get(name)));
  }

  private static boolean fromOperator(ApiRequest request) {
    return dev.costguard.operator.OperatorClient.USER_AGENT.equals(request.userAgent());
  }

  private static String annotationOf(String namespace, String name) {
    Map<String, String> annotations = deployment(namespace, name).getMetadata().getAnnotations();
    return annotations == null
        ? null
        : annotations.get(dev.costguard.api.v1alpha1.CostguardApi.ORIGINAL_ANNOTATION);
  }

  private static void assertHeldOnceWithOriginal(String namespace, String name, int original) {
    Deployment held = deployment(namespace, name);
    assertThat(ClusterView.holdersOf(held)).containsExactly("ShutdownSchedule/" + namespace);
    OriginalState state = WorkloadPatcher.originalStateOf(held);
    assertThat(state.holds().get(0).fields().get("/spec/replicas").original().asInt())
        .isEqualTo(original);
  }

  private static Duration timed(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void report(String line) {
    System.out.println("fault convergence: " + line);
    try {
      Files.writeString(
          Path.of("target", "fault-convergence.txt"),
          line + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
