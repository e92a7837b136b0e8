package dev.costguard.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.operator.OperatorConfig;
import dev.costguard.sandbox.PrometheusServer;
import dev.costguard.testing.OperatorHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The allocation API answered by a real Prometheus that scrapes the operator's accrued counters, as
 * in a cluster: the operator's clock follows real time (Prometheus stamps samples with it), and a
 * pod holding 8 GPUs (OpenCost defaults: 8 x 0.95 + 0.031611 + 0.004237 = 7.635848 per hour)
 * accrues fast enough to see within seconds.
 */
@Tag("integration")
class AllocationOnRealPrometheusTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private PrometheusServer prometheus;
  private OperatorHarness harness;

  @AfterEach
  void stop() {
    ticker.shutdownNow();
    if (harness != null) {
      harness.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
  }

  @Test
  void theApiAnswersFromIncreaseOverTheCountersAndFallsBackWhenPrometheusIsGone() throws Exception {
    int operatorPort = freePort();
    prometheus =
        PrometheusServer.start(
            0,
            """
            global: {scrape_interval: 500ms, evaluation_interval: 500ms}
            scrape_configs:
              - job_name: costguard
                honor_labels: true
                static_configs: [{targets: ['127.0.0.1:%d']}]
            """
                .formatted(operatorPort));
    OperatorConfig config =
        OperatorHarness.testConfig()
            .withHttpPort(operatorPort)
            .withAllocationPrometheusUrl(prometheus.url());
    harness = OperatorHarness.start(config, Instant.now());
    ticker.scheduleAtFixedRate(
        () -> harness.clock().set(Instant.now()), 100, 100, TimeUnit.MILLISECONDS);
    harness.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: ml, labels: {team: research}}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: gpu-1}
        status: {allocatable: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "8"}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: train-0, namespace: ml}
        spec:
          nodeName: gpu-1
          containers:
            - name: main
              image: train
              resources: {requests: {cpu: "1", memory: 1Gi, nvidia.com/gpu: "8"}}
        status: {phase: Running}
        """);

    // Prometheus has seen the counter rise over a few scrapes
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                prometheus.get(
                    "/api/v1/query?query=increase(costguard_cost_total%7Bnamespace%3D%22ml%22%7D%5B5m%5D)"),
            body -> body.contains("\"namespace\":\"ml\"") && !body.contains("\"0\"]"));
    // increase() does not count what the counter held at Prometheus's first scrape, so it starts
    // low against /metrics and catches up as the series ages: wait until it has (a loaded machine
    // makes the first scrape late).
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              BigDecimal total = counter(harness.metrics());
              BigDecimal seen =
                  new BigDecimal(
                      allocation("window=5m&aggregate=team")
                          .at("/allocations/0/cost/0/amount")
                          .asText("0"));
              return seen.doubleValue() >= total.doubleValue() * 0.6;
            });

    JsonNode answer = allocation("window=5m&aggregate=team");
    assertThat(answer.at("/source").asText()).isEqualTo("prometheus");
    assertThat(answer.at("/note").asText()).contains(prometheus.url());
    assertThat(answer.at("/allocations/0/name").asText()).isEqualTo("research");
    BigDecimal fromPrometheus = new BigDecimal(answer.at("/allocations/0/cost/0/amount").asText());
    BigDecimal counter = counter(harness.metrics());
    // increase() extrapolates and Prometheus lags a scrape behind /metrics: close, not equal
    assertThat(fromPrometheus).isPositive();
    assertThat(fromPrometheus.doubleValue())
        .isBetween(counter.doubleValue() * 0.5, counter.doubleValue() * 1.5);
    assertThat(new BigDecimal(answer.at("/allocations/0/gpuHours").asText())).isPositive();
    assertThat(answer.at("/idle")).isNotNull();

    prometheus.close();
    prometheus = null;
    JsonNode fallback = allocation("window=5m");
    assertThat(fallback.at("/source").asText()).isEqualTo("operator");
    assertThat(fallback.at("/note").asText()).contains("did not answer");
    assertThat(new BigDecimal(fallback.at("/allocations/0/cost/0/amount").asText())).isPositive();
  }

  private JsonNode allocation(String query) throws IOException {
    var response = harness.get("/api/v1/allocation?" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static BigDecimal counter(String scrape) {
    Matcher m =
        Pattern.compile("(?m)^costguard_cost_total\\{[^}]*namespace=\"ml\"[^}]*} (\\S+)$")
            .matcher(scrape);
    assertThat(m.find()).isTrue();
    return new BigDecimal(m.group(1));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
