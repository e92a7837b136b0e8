package dev.costguard.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.testing.OperatorHarness;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser (Debian's headless Chromium): it renders, its numbers are the
 * resources' status, /metrics and the API's, and a screenshot of it is a full, non-blank page.
 */
@Tag("integration")
class StatusPageInChromiumTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 1600;

  private static HttpServer prometheus;
  private static OperatorHarness harness;

  @BeforeAll
  static void start() throws IOException {
    prometheus = fakePrometheus();
    harness =
        OperatorHarness.start(
            OperatorHarness.testConfig()
                .withAllocationPrometheusUrl(
                    "http://127.0.0.1:" + prometheus.getAddress().getPort()),
            OperatorHarness.DEFAULT_START);
    harness.apply(
        """
        apiVersion: v1
        kind: Node
        metadata:
          name: gpu-1
          labels: {karpenter.sh/capacity-type: on-demand, nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB}
        status:
          allocatable: {cpu: "32", memory: 256Gi, nvidia.com/gpu: "4", pods: "110"}
          capacity: {cpu: "32", memory: 256Gi, nvidia.com/gpu: "4", pods: "110"}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: serving, labels: {team: llm}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: vllm, namespace: serving}
        spec:
          replicas: 1
          selector: {matchLabels: {app: vllm}}
          template:
            metadata: {labels: {app: vllm}}
            spec: {containers: [{name: vllm, image: vllm}]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: vllm-0, namespace: serving, labels: {app: vllm}}
        spec:
          nodeName: gpu-1
          containers:
            - name: vllm
              image: vllm
              resources:
                requests: {cpu: "4", memory: 16Gi, nvidia.com/gpu: "2"}
                limits: {nvidia.com/gpu: "2"}
        status: {phase: Running}
        ---
        apiVersion: costguard.dev/v1alpha1
        kind: WorkloadBudget
        metadata: {name: llm-serving}
        spec:
          selector: {namespaces: [serving]}
          limit: {amount: 50, currency: USD}
          period: Daily
          timeZone: UTC
          thresholds:
            - {percent: 80, actions: [Notify]}
        ---
        apiVersion: costguard.dev/v1alpha1
        kind: ShutdownSchedule
        metadata: {name: dev-nights}
        spec:
          namespaces: [dev]
          timeZone: Europe/Berlin
          sleep:
            - {days: [Mon, Tue, Wed, Thu, Fri], from: "19:00", to: "07:00"}
        """);
  }

  @AfterAll
  static void stop() {
    harness.close();
    prometheus.stop(0);
  }

  @Test
  void thePageRendersInChromiumWithTheNumbersOfTheStatusTheMetricsAndTheApi() throws Exception {
    // the budget has accrued and the cost metrics are out; then the Prometheus answers are read
    WorkloadBudget budget =
        harness.awaitValue(
            () -> {
              harness.clock().advance(java.time.Duration.ofMinutes(10));
              return harness.client().resources(WorkloadBudget.class).withName("llm-serving").get();
            },
            b ->
                b.getStatus() != null
                    && b.getStatus().spent != null
                    && b.getStatus().spent.signum() > 0);
    harness.awaitValue(harness::metrics, m -> m.contains("costguard_namespace_cost_per_hour{"));
    harness.operator().inference().refresh();
    harness.operator().rightsizing().refresh();
    budget = harness.client().resources(WorkloadBudget.class).withName("llm-serving").get();

    String allocationBefore = allocatedTotal();
    String dom = chromium("--dump-dom", url());
    String allocationAfter = allocatedTotal();
    WorkloadBudget after =
        harness.client().resources(WorkloadBudget.class).withName("llm-serving").get();

    assertThat(dom).contains("<title>Costguard status</title>");
    for (String section :
        List.of(
            "allocation",
            "budgets",
            "spenders",
            "schedules",
            "gpus",
            "token-cost",
            "rightsizing")) {
      assertThat(dom).contains("<section id=\"" + section + "\"");
    }
    // the budget's figures are its status (what kubectl get shows)
    // (a reconcile may write between the reads: the page shows the status of a moment between)
    assertThat(attribute(dom, "data-spent"))
        .isIn(budget.getStatus().spent.toPlainString(), after.getStatus().spent.toPlainString());
    assertThat(attribute(dom, "data-forecast"))
        .isIn(
            budget.getStatus().forecast.toPlainString(),
            after.getStatus().forecast.toPlainString());
    assertThat(dom).contains("class=\"burndown\" role=\"img\"");
    // spenders are /metrics' cost per hour
    String perHour = attribute(dom, "data-per-hour");
    assertThat(harness.metrics())
        .containsPattern(
            "costguard_namespace_cost_per_hour\\{[^}]*namespace=\"serving\"[^}]*} "
                + Pattern.quote(perHour));
    // cost per token and rightsizing are the API's
    JsonNode tokens = JSON.readTree(harness.get("/api/v1/inference/token-cost").body());
    assertThat(attribute(dom, "data-per-million"))
        .isEqualTo(
            tokens
                .path("workloads")
                .get(0)
                .path("costPerMillionTokens")
                .decimalValue()
                .toPlainString());
    JsonNode advice = JSON.readTree(harness.get("/api/v1/rightsizing").body());
    assertThat(attribute(dom, "data-savings"))
        .isEqualTo(
            advice.path("workloads").get(0).path("savingsPerMonth").decimalValue().toPlainString());
    assertThat(dom).contains("class=\"timeline\" role=\"img\"");
    // spend by team is the allocation API's answer
    // (the operator's totals grow at each cost tick: the page is the answer of a moment between)
    // (the fake Prometheus has no accrued counters: the API and the page both show no totals)
    if (allocationBefore.isEmpty() && allocationAfter.isEmpty()) {
      assertThat(dom).contains("<section id=\"allocation\"").doesNotContain("data-allocated-total");
    } else {
      assertThat(attribute(dom, "data-allocated-total")).isIn(allocationBefore, allocationAfter);
    }
    assertThat(dom).contains("data-allocated=\"2.0\"");

    Path png = Path.of("target", "status-page.png").toAbsolutePath();
    Files.deleteIfExists(png);
    chromium("--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT, url());
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isEqualTo(HEIGHT);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    // text, the header bar, the charts' blues and purples: far from a blank page
    assertThat(colours.size()).isGreaterThan(50);
    assertThat(colours).contains(0xFF24292F); // the header bar was painted
  }

  private static String allocatedTotal() throws IOException {
    return JSON.readTree(harness.get("/api/v1/allocation?window=1d&aggregate=team").body())
        .path("totals")
        .path(0)
        .path("allocated")
        .asText("");
  }

  private static String url() {
    return "http://127.0.0.1:" + harness.operator().httpPort() + "/";
  }

  private static String attribute(String dom, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
    assertThat(m.find()).as(name + " on the page").isTrue();
    return m.group(1);
  }

  /** Runs headless Chromium once and returns what it printed. */
  private static String chromium(String... args) throws Exception {
    Path profile = Files.createTempDirectory("costguard-chromium");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("chromium", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(process.exitValue()).isZero();
    return Files.readString(out);
  }

  /** Answers the token and usage queries as a Prometheus scraping vLLM and cAdvisor would. */
  private static HttpServer fakePrometheus() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/query",
        exchange -> {
          String query =
              URLDecoder.decode(
                  exchange.getRequestURI().getRawQuery().substring("query=".length()),
                  StandardCharsets.UTF_8);
          String value =
              query.contains("vllm:generation_tokens_total")
                  ? "250"
                  : query.contains("vllm:prompt_tokens_total")
                      ? "750"
                      : query.contains("container_cpu_usage_seconds_total")
                          ? "1.2"
                          : query.contains("container_memory_working_set_bytes")
                              ? "8589934592"
                              : query.contains("DCGM_FI_DEV_GPU_UTIL") ? "30" : null;
          String result =
              value == null
                  ? ""
                  : "{\"metric\":{\"namespace\":\"serving\",\"pod\":\"vllm-0\"},\"value\":[1780000000,\""
                      + value
                      + "\"]}";
          byte[] body =
              ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                      + result
                      + "]}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }
}
