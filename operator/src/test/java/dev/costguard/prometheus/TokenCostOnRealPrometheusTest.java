package dev.costguard.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.inference.InferenceCosts;
import dev.costguard.sandbox.PrometheusServer;
import dev.costguard.testing.OperatorHarness;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cost per token against a real Prometheus scraping two vLLM servers (a vLLM-style exporter per
 * pod, with the namespace and pod target labels a PodMonitor would add): real counters, real
 * rate(), joined with the workload's price.
 */
@Tag("integration")
class TokenCostOnRealPrometheusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // Two pods of 4 CPUs, 16 GiB and one GPU at OpenCost's default prices:
  // 4 x 0.031611 + 16 x 0.004237 + 0.95 = 1.144236 an hour each.
  private static final BigDecimal COST_PER_HOUR = new BigDecimal("2.288472");
  // Each pod: 300 prompt and 100 generated tokens a second; together 800 (2.88M an hour) and 200.
  private static final BigDecimal PER_MILLION = new BigDecimal("0.794608");
  private static final BigDecimal PER_MILLION_GENERATED = new BigDecimal("3.178433");

  private static OperatorHarness harness;
  private static VllmExporter first;
  private static VllmExporter second;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws IOException {
    int port = freePort();
    harness =
        OperatorHarness.start(
            OperatorHarness.testConfig().withAllocationPrometheusUrl("http://127.0.0.1:" + port),
            Instant.now());
    first = new VllmExporter(300, 100);
    second = new VllmExporter(300, 100);
    prometheus =
        PrometheusServer.start(
            port,
            """
            global: {scrape_interval: 500ms, evaluation_interval: 500ms}
            scrape_configs:
              - job_name: vllm
                static_configs:
                  - targets: ['%s']
                    labels: {namespace: serving, pod: llama-0}
                  - targets: ['%s']
                    labels: {namespace: serving, pod: llama-1}
            """
                .formatted(first.target(), second.target()));
    harness.apply(
        """
        apiVersion: v1
        kind: Node
        metadata:
          name: gpu-node
          labels: {karpenter.sh/capacity-type: on-demand}
        status:
          allocatable: {cpu: "32", memory: 256Gi, nvidia.com/gpu: "4", pods: "110"}
          capacity: {cpu: "32", memory: 256Gi, nvidia.com/gpu: "4", pods: "110"}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: llama, namespace: serving}
        spec:
          serviceName: llama
          replicas: 2
          selector: {matchLabels: {app: llama}}
          template:
            metadata: {labels: {app: llama}}
            spec:
              containers:
                - name: vllm
                  image: vllm/vllm-openai:v0.6.3
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: serving}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
        """
            + pod("llama-0", "llama", "4", "16Gi", "1")
            + pod("llama-1", "llama", "4", "16Gi", "1")
            + pod("web-1", "web", "1", "1Gi", "0"));
  }

  private static String pod(String name, String app, String cpu, String memory, String gpus) {
    return """
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: serving, labels: {app: %s}}
        spec:
          nodeName: gpu-node
          containers:
            - name: main
              image: server
              resources:
                requests: {cpu: "%s", memory: %s, nvidia.com/gpu: "%s"}
                limits: {nvidia.com/gpu: "%s"}
        status: {phase: Running}
        """
        .formatted(name, app, cpu, memory, gpus, gpus);
  }

  @AfterAll
  static void stop() {
    prometheus.close();
    first.close();
    second.close();
    harness.close();
  }

  @Test
  void costPerMillionTokensOfAVllmStatefulSetIsItsPriceOverItsTokenRate() throws Exception {
    // rate() over a window divides by the whole window: read over 15s once Prometheus holds more
    // than that of both servers (the operator's own refresh uses 5m, as production does)
    JsonNode answer =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> JSON.readTree(harness.get("/api/v1/inference/token-cost?window=15s").body()),
                a ->
                    a.path("workloads").size() == 1
                        && a.path("workloads").get(0).path("generatedTokensPerSecond").asDouble()
                            > 195);

    assertThat(answer.path("source").asText()).isEqualTo("prometheus");
    assertThat(answer.path("window").asText()).isEqualTo("15s");
    assertThat(answer.has("error")).isFalse();
    JsonNode llama = answer.path("workloads").get(0); // web serves no tokens: not listed
    assertThat(llama.path("namespace").asText()).isEqualTo("serving");
    assertThat(llama.path("workload").asText()).isEqualTo("StatefulSet/llama");
    assertThat(llama.path("server").asText()).isEqualTo("vLLM");
    assertThat(llama.path("currency").asText()).isEqualTo("USD");
    assertThat(llama.path("costPerHour").decimalValue()).isEqualByComparingTo(COST_PER_HOUR);
    assertThat(llama.path("promptTokensPerSecond").asDouble()).isCloseTo(600, within(18.0));
    assertThat(llama.path("generatedTokensPerSecond").asDouble()).isCloseTo(200, within(6.0));

    // the hand-computed figures, within Prometheus's extrapolation of the counters (3 %)
    BigDecimal perMillion = llama.path("costPerMillionTokens").decimalValue();
    BigDecimal perMillionGenerated = llama.path("costPerMillionGeneratedTokens").decimalValue();
    assertThat(perMillion).isCloseTo(PER_MILLION, within(new BigDecimal("0.024")));
    assertThat(perMillionGenerated)
        .isCloseTo(PER_MILLION_GENERATED, within(new BigDecimal("0.095")));
    // and exactly the arithmetic on the rates Prometheus answered
    BigDecimal tokensPerHour =
        BigDecimal.valueOf(
                llama.path("promptTokensPerSecond").asDouble()
                    + llama.path("generatedTokensPerSecond").asDouble())
            .multiply(BigDecimal.valueOf(3600));
    assertThat(perMillion)
        .isEqualByComparingTo(
            COST_PER_HOUR
                .multiply(BigDecimal.valueOf(1_000_000))
                .divide(tokensPerHour, 6, RoundingMode.HALF_UP));
  }

  @Test
  void theMetricCarriesWhatTheApiAnswersAfterARefresh() throws Exception {
    InferenceCosts inference = harness.operator().inference();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(inference::refresh, s -> s.workloads().size() == 1);
    JsonNode llama =
        JSON.readTree(harness.get("/api/v1/inference/token-cost").body()).path("workloads").get(0);
    String series =
        "costguard_inference_cost_per_million_tokens{currency=\"USD\",namespace=\"serving\","
            + "tokens=\"%s\",workload=\"StatefulSet/llama\"} ";
    assertThat(harness.metrics())
        .contains(series.formatted("all") + llama.path("costPerMillionTokens").asDouble())
        .contains(
            series.formatted("generated") + llama.path("costPerMillionGeneratedTokens").asDouble());
  }

  @Test
  void aWindowOutsideTenSecondsToSevenDaysIsRefused() {
    for (String window : List.of("5s", "8d", "1w", "5m30s", "-5m", "", "0m")) {
      var response = harness.get("/api/v1/inference/token-cost?window=" + window);
      assertThat(response.statusCode()).as(window).isEqualTo(400);
      assertThat(response.body()).contains("window must be a duration from 10s to 7d");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
