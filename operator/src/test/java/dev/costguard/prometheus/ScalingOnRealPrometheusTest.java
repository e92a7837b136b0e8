package dev.costguard.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.kube.Conditions;
import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.FleetSimulator;
import dev.costguard.sandbox.GpuExporter;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.PrometheusServer;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Prometheus triggers against a real Prometheus scraping a DCGM-style exporter: real PromQL, real
 * staleness, a real server going away. The operator's clock follows real time, as Prometheus's
 * does. The last scenarios stop the exporter and then the server, so the order is fixed.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScalingOnRealPrometheusTest {
  private static final String NS = "gpu-e2e";
  private static OperatorHarness harness;
  private static GpuExporter exporter;
  private static PrometheusServer prometheus;
  private static ScheduledExecutorService background;

  @BeforeAll
  static void start() throws IOException {
    int port = freePort();
    String url = "http://127.0.0.1:" + port;
    harness =
        OperatorHarness.start(
            OperatorHarness.testConfig().withPrometheusAllowedUrls(List.of(url)), Instant.now());
    exporter = new GpuExporter(harness.client(), harness.clock(), 0);
    prometheus =
        PrometheusServer.start(
            port, Map.of("dcgm", List.of(exporter.target())), Duration.ofMillis(500));
    Manifests.apply(harness.client(), FleetSeed.nodes());
    harness.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: llm, namespace: gpu-e2e, labels: {app: llm}}
        spec:
          replicas: 1
          selector: {matchLabels: {app: llm}}
          template:
            metadata: {labels: {app: llm}}
            spec:
              nodeSelector: {nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB}
              containers:
                - name: vllm
                  image: vllm/vllm-openai:v0.6
                  resources:
                    requests: {cpu: "8", memory: 64Gi, nvidia.com/gpu: "1"}
                    limits: {nvidia.com/gpu: "1"}
        """);
    FleetSimulator fleet = new FleetSimulator(harness.client(), harness.clock());
    background = Executors.newScheduledThreadPool(2);
    background.scheduleWithFixedDelay(
        () -> harness.clock().set(Instant.now()), 0, 100, TimeUnit.MILLISECONDS);
    background.scheduleWithFixedDelay(fleet::step, 0, 300, TimeUnit.MILLISECONDS);
  }

  @AfterAll
  static void stop() {
    background.shutdownNow();
    prometheus.close();
    exporter.close();
    harness.close();
  }

  @Test
  @Order(1)
  void scalesUpWhenGpuUtilisationRisesAndHoldsInTheBandThenScalesDownAfterTheWindow()
      throws Exception {
    exporter.setGpuUtilisation("llm", 20);
    policy("gpu", "avg by (namespace) (DCGM_FI_DEV_GPU_UTIL{namespace=\"gpu-e2e\"})", 70, 30, 4);
    awaitTriggerValue("gpu", 20.0);

    exporter.setGpuUtilisation("llm", 95);
    int scaledUp = awaitReplicas(r -> r >= 2);

    exporter.setGpuUtilisation("llm", 50);
    awaitTriggerValue("gpu", 50.0);
    Thread.sleep(3000); // longer than the scale-down window: in the band nothing moves
    assertThat(replicas()).isEqualTo(scaledUp);

    exporter.setGpuUtilisation("llm", 5);
    awaitTriggerValue("gpu", 5.0);
    assertThat(replicas()).as("not before the stabilisation window").isEqualTo(scaledUp);
    awaitReplicas(r -> r == 1);
  }

  @Test
  @Order(2)
  void rateAndMaxOverTimeQueriesDriveScaling() {
    delete("gpu");
    exporter.setQueueLength(NS, "llm", 2);
    exporter.setRequestRate(NS, "llm", 1);
    policy("queue", "max_over_time(inference_queue_length{namespace=\"gpu-e2e\"}[20s])", 10, 1, 3);
    policy("rps", "sum(rate(inference_requests_total{namespace=\"gpu-e2e\"}[5s]))", 50, 0.5, 3);
    awaitTriggerValue("queue", 2.0);

    exporter.setQueueLength(NS, "llm", 25);
    awaitReplicas(r -> r >= 2);
    exporter.setQueueLength(NS, "llm", 0);
    awaitTriggerValue("queue", 25.0); // the peak is still inside the 20 s range
    delete("queue");

    exporter.setRequestRate(NS, "llm", 200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> triggerValue("rps") != null && triggerValue("rps") > 100);
    awaitReplicas(r -> r == 3);
    delete("rps");
  }

  @Test
  @Order(3)
  void aQueryReturningSeveralSeriesIsAClearError() {
    policy("many", "DCGM_FI_DEV_GPU_UTIL{namespace=\"gpu-e2e\"}", 70, 30, 4);
    Condition ready =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> condition("many", Conditions.READY),
                c -> c != null && "False".equals(c.getStatus()));
    assertThat(ready.getMessage()).contains("series");
    delete("many");
  }

  @Test
  @Order(4)
  void noScaleDownWhenTheSeriesGoesStaleOrTheServerStops() {
    exporter.setGpuUtilisation("llm", 95);
    policy("stale", "avg by (namespace) (DCGM_FI_DEV_GPU_UTIL{namespace=\"gpu-e2e\"})", 70, 30, 4);
    int before = awaitReplicas(r -> r >= 2);

    exporter.setGpuUtilisation("llm", 5);
    exporter.close(); // the target goes down: Prometheus marks its series stale
    Condition unavailable =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> condition("stale", "MetricsUnavailable"),
                c -> c != null && "True".equals(c.getStatus()));
    assertThat(unavailable.getMessage()).isNotBlank();
    assertThat(replicas())
        .as("unknown is never a reason to scale down")
        .isGreaterThanOrEqualTo(before);

    prometheus.close();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> condition("stale", "MetricsUnavailable"),
            c ->
                c != null
                    && "True".equals(c.getStatus())
                    && !c.getMessage().equals(unavailable.getMessage()));
    assertThat(replicas()).isGreaterThanOrEqualTo(before);
  }

  private static void policy(String name, String query, double up, double down, int max) {
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ScalingPolicy
        metadata: {name: %s, namespace: %s}
        spec:
          targetRef: {kind: Deployment, name: llm}
          minReplicas: 1
          maxReplicas: %d
          triggers:
            - type: Prometheus
              serverAddress: %s
              query: '%s'
              scaleUpAbove: %s
              scaleDownBelow: %s
              timeoutSeconds: 2
          behavior:
            scaleDown: {stabilizationWindowSeconds: 2}
        """
            .formatted(name, NS, max, prometheus.url(), query, up, down));
  }

  private static void delete(String name) {
    harness.client().resources(ScalingPolicy.class).inNamespace(NS).withName(name).delete();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                harness.client().resources(ScalingPolicy.class).inNamespace(NS).withName(name).get()
                    == null);
  }

  private static int replicas() {
    return harness
        .client()
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("llm")
        .get()
        .getSpec()
        .getReplicas();
  }

  private static int awaitReplicas(java.util.function.IntPredicate wanted) {
    return await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(200))
        .until(ScalingOnRealPrometheusTest::replicas, wanted::test);
  }

  private static Double triggerValue(String policy) {
    ScalingPolicy p =
        harness.client().resources(ScalingPolicy.class).inNamespace(NS).withName(policy).get();
    return p == null || p.getStatus() == null || p.getStatus().metrics.isEmpty()
        ? null
        : p.getStatus().metrics.get(0).value;
  }

  private static void awaitTriggerValue(String policy, double value) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> triggerValue(policy) != null && Math.abs(triggerValue(policy) - value) < 0.01);
  }

  private static Condition condition(String policy, String type) {
    ScalingPolicy p =
        harness.client().resources(ScalingPolicy.class).inNamespace(NS).withName(policy).get();
    return p == null || p.getStatus() == null
        ? null
        : Conditions.find(p.getStatus().conditions, type).orElse(null);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
