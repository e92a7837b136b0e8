package dev.costguard.rightsizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.costguard.testing.OperatorHarness;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rightsizing end to end on the mock cluster, with a Prometheus that answers the three usage
 * queries as a real one would (instant vectors by namespace and pod).
 */
class RightsizingApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer prometheus;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private OperatorHarness harness;

  @BeforeEach
  void start() throws Exception {
    prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    prometheus.createContext(
        "/api/v1/query",
        exchange -> {
          String query =
              URLDecoder.decode(
                  exchange.getRequestURI().getRawQuery().substring("query=".length()),
                  StandardCharsets.UTF_8);
          queries.add(query);
          String result;
          if (query.contains("container_cpu_usage_seconds_total")) {
            result = series("api-1", "0.4") + "," + series("api-2", "0.25");
          } else if (query.contains("container_memory_working_set_bytes")) {
            result = series("api-1", "536870912") + "," + series("api-2", "1073741824");
          } else {
            result = "";
          }
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
    prometheus.start();
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
        metadata: {name: n1, labels: {karpenter.sh/capacity-type: on-demand}}
        status:
          allocatable: {cpu: "16", memory: 64Gi, pods: "110"}
          capacity: {cpu: "16", memory: 64Gi, pods: "110"}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          replicas: 2
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec: {containers: [{name: api, image: api}]}
        """
            + pod("api-1")
            + pod("api-2"));
  }

  private static String series(String pod, String value) {
    return "{\"metric\":{\"namespace\":\"shop\",\"pod\":\""
        + pod
        + "\"},\"value\":[1780000000,\""
        + value
        + "\"]}";
  }

  private static String pod(String name) {
    return """
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: shop, labels: {app: api}}
        spec:
          nodeName: n1
          containers:
            - name: api
              image: api
              resources: {requests: {cpu: "2", memory: 4Gi}}
        status: {phase: Running}
        """
        .formatted(name);
  }

  @AfterEach
  void stop() {
    harness.close();
    prometheus.stop(0);
  }

  @Test
  void anOverProvisionedDeploymentIsAdvisedItsBusiestPodsUsePlusHeadroomAndTheMonthlySaving()
      throws Exception {
    // 2 CPUs and 4 GiB at OpenCost's defaults: 0.080170 an hour a pod, 117.05 a month for two.
    // The busiest pod: 400m at p95 -> 460m; 1 GiB at peak -> 1229 MiB; 0.019626 an hour a pod.
    JsonNode advice =
        harness.awaitValue(
            () -> {
              harness.operator().rightsizing().refresh();
              try {
                return JSON.readTree(harness.get("/api/v1/rightsizing").body());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            a ->
                a.path("workloads").size() == 1
                    && a.path("workloads").get(0).path("pods").asInt() == 2);

    assertThat(advice.path("source").asText()).isEqualTo("prometheus");
    assertThat(advice.path("window").asText()).isEqualTo("7d");
    assertThat(advice.path("applied").asBoolean()).isFalse();
    JsonNode api = advice.path("workloads").get(0);
    assertThat(api.path("workload").asText()).isEqualTo("Deployment/api");
    assertThat(api.path("action").asText()).isEqualTo("Reduce");
    assertThat(api.path("requests").path("cpu").asText()).isEqualTo("2000m");
    assertThat(api.path("requests").path("memory").asText()).isEqualTo("4096Mi");
    assertThat(api.path("recommended").path("cpu").asText()).isEqualTo("460m");
    assertThat(api.path("recommended").path("memory").asText()).isEqualTo("1229Mi");
    assertThat(api.path("usage").path("cpuP95").asText()).isEqualTo("400m");
    assertThat(api.path("usage").path("memoryPeak").asText()).isEqualTo("1024Mi");
    assertThat(api.path("currency").asText()).isEqualTo("USD");
    assertThat(api.path("costPerMonth").decimalValue()).isEqualByComparingTo("117.05");
    assertThat(api.path("recommendedCostPerMonth").decimalValue())
        .isCloseTo(new BigDecimal("28.65"), within(new BigDecimal("0.01")));
    assertThat(api.path("savingsPerMonth").decimalValue())
        .isEqualByComparingTo(
            api.path("costPerMonth")
                .decimalValue()
                .subtract(api.path("recommendedCostPerMonth").decimalValue()));

    String metrics = harness.metrics();
    assertThat(metrics)
        .contains(
            "costguard_rightsizing_savings_per_month{currency=\"USD\",namespace=\"shop\","
                + "workload=\"Deployment/api\"} "
                + api.path("savingsPerMonth").asDouble())
        .contains(
            "costguard_rightsizing_recommended_requests{namespace=\"shop\",resource=\"cpu\","
                + "unit=\"core\",workload=\"Deployment/api\"} 0.46");
    assertThat(queries).anyMatch(q -> q.contains("[7d:5m]"));
    // advice only: the Deployment keeps what it had
    assertThat(
            harness
                .client()
                .pods()
                .inNamespace("shop")
                .withName("api-1")
                .get()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getRequests()
                .get("cpu")
                .toString())
        .isEqualTo("2");
  }

  @Test
  void aWindowParameterReadsNowOverThatWindowAndABadOneIs400() throws Exception {
    JsonNode advice = JSON.readTree(harness.get("/api/v1/rightsizing?window=1h").body());
    assertThat(advice.path("window").asText()).isEqualTo("1h");
    assertThat(queries).anyMatch(q -> q.contains("[1h:15s]"));
    assertThat(harness.get("/api/v1/rightsizing?window=30d").statusCode()).isEqualTo(400);
    assertThat(harness.get("/api/v1/rightsizing?apply=true").statusCode()).isEqualTo(400);
  }
}
