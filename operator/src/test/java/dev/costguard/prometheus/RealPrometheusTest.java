package dev.costguard.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.FleetSimulator;
import dev.costguard.sandbox.GpuExporter;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.MockCluster;
import dev.costguard.sandbox.PrometheusServer;
import dev.costguard.testing.MutableClock;
import dev.costguard.testing.OperatorHarness;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The simulated DCGM exporter as a real Prometheus sees it, with the PromQL scaling policies use.
 */
@Tag("integration")
class RealPrometheusTest {
  private static MockCluster cluster;
  private static GpuExporter exporter;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void start() {
    cluster = MockCluster.start();
    Manifests.apply(cluster.client(), FleetSeed.objects());
    MutableClock clock = new MutableClock(OperatorHarness.DEFAULT_START);
    new FleetSimulator(cluster.client(), clock).step();
    exporter = new GpuExporter(cluster.client(), clock, 0);
    prometheus =
        PrometheusServer.start(
            0, Map.of("dcgm", List.of(exporter.target())), Duration.ofMillis(500));
  }

  @AfterAll
  static void stop() {
    prometheus.close();
    exporter.close();
    cluster.close();
  }

  @Test
  void gpuUtilisationAveragedPerNamespaceFollowsTheExporter() {
    exporter.setGpuUtilisation("chat-inference", 80);
    exporter.setGpuUtilisation("vllm-llama", 95);
    String answer =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    query("avg by (namespace) (DCGM_FI_DEV_GPU_UTIL{namespace=\"ml-inference\"})"),
                // two chat GPUs at 80 and one vLLM GPU at 95
                body -> body.contains("\"85\""));
    assertThat(answer).contains("\"namespace\":\"ml-inference\"");
  }

  @Test
  void queueLengthOverTimeSeesTheLatestPeak() {
    exporter.setQueueLength("ml-inference", "chat", 12);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> query("max_over_time(inference_queue_length{service=\"chat\"}[1m])"),
            body -> body.contains("\"12\""));
    exporter.setQueueLength("ml-inference", "chat", 3);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> query("inference_queue_length{service=\"chat\"}"),
            body -> body.contains("\"3\""));
    assertThat(query("max_over_time(inference_queue_length{service=\"chat\"}[1m])"))
        .contains("\"12\"");
  }

  private static String query(String promql) {
    return prometheus.get(
        "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }
}
