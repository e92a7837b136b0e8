package dev.costguard.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.FleetSimulator;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.PrometheusServer;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator scraped the way kube-prometheus-stack scrapes it: the scrape job prometheus-operator
 * generates for the chart's ServiceMonitor (its relabelings add {@code namespace}, {@code pod},
 * {@code service}, {@code container}, {@code endpoint} and {@code job} target labels; honor_labels
 * as the rendered chart says), in a real Prometheus. Every alert and dashboard query then runs
 * against it, and the per-namespace ones must show the workloads' namespaces, not the operator's.
 *
 * <p>Kubernetes service discovery needs a real API server, so the discovered target is written as a
 * static target carrying the {@code __meta_kubernetes_*} labels discovery would set.
 */
@Tag("integration")
class ServiceMonitorScrapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String OPERATOR_NAMESPACE = HelmChart.NAMESPACE;
  private static final String OPERATOR_POD = "costguard-7d9f8b6c5-x2kqp";

  private static OperatorHarness harness;
  private static PrometheusServer prometheus;
  private static PrometheusServer contrast;
  private static java.util.concurrent.ScheduledExecutorService fleet;

  @BeforeAll
  static void scrapeTheOperatorAsPrometheusOperatorWould() {
    HelmChart.Rendered chart = HelmChart.render("serviceMonitor: {enabled: true}\n");
    GenericKubernetesResource monitor = chart.generic("ServiceMonitor").findFirst().orElseThrow();
    Service service = chart.one(Service.class, HelmChart.RELEASE + "-metrics");

    // A weekday noon in Berlin: the example dev-nights schedule keeps dev-alice awake, whatever
    // the hour the test runs at (at night the dev namespaces sleep and cost nothing).
    harness = OperatorHarness.start(OperatorHarness.testConfig(), AWAKE);
    Manifests.apply(harness.client(), FleetSeed.objects());
    RepoPaths.exampleFiles().forEach(harness::apply);
    FleetSimulator simulator = new FleetSimulator(harness.client(), harness.clock());
    fleet = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    fleet.scheduleWithFixedDelay(
        simulator::step, 0, 500, java.util.concurrent.TimeUnit.MILLISECONDS);

    String target = "127.0.0.1:" + harness.operator().httpPort();
    String global =
        "global:\n  scrape_interval: 500ms\n  evaluation_interval: 500ms\nscrape_configs:\n";
    prometheus = PrometheusServer.start(0, global + scrapeJob(monitor, service, target, true));
    // The same target as the ServiceMonitor of the issue scraped it (no honorLabels), in a second
    // Prometheus: the contrast shows what the test would catch.
    contrast = PrometheusServer.start(0, global + scrapeJob(monitor, service, target, false));
  }

  private static final Instant AWAKE = Instant.parse("2026-06-10T10:00:00Z");

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.shutdownNow();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (contrast != null) {
      contrast.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void costByNamespaceKeepsTheWorkloadsNamespacesUnderTheServiceMonitorsScrapeJob() {
    // The sandbox fleet has pods in the operator's namespace too, so compare with what the
    // operator itself exports rather than just looking for its namespace.
    Set<String> namespaces =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    labelValues(
                        query(
                            "sum by (namespace) (costguard_namespace_cost_per_hour{job=\"costguard\"})"),
                        "namespace"),
                values ->
                    values.size() >= 3
                        && values.equals(exportedNamespaces("costguard_namespace_cost_per_hour")));

    assertThat(namespaces).contains("ml-inference", "dev-alice");
    // the dashboard's namespace variable: label_values(costguard_namespace_cost_per_hour,
    // namespace)
    assertThat(
            labelValues(
                query("count by (namespace) (costguard_namespace_cost_per_hour)"), "namespace"))
        .isEqualTo(namespaces);
  }

  @Test
  void withoutHonorLabelsEverySeriesWouldCarryTheOperatorsNamespace() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                labelValues(
                    query(contrast, "costguard_namespace_cost_per_hour{job=\"costguard\"}"),
                    "exported_namespace"),
            values -> values.size() >= 3);

    assertThat(
            labelValues(
                query(contrast, "sum by (namespace) (costguard_namespace_cost_per_hour)"),
                "namespace"))
        .containsExactly(OPERATOR_NAMESPACE);
  }

  @Test
  void theScrapeTargetCarriesPrometheusOperatorsTargetLabels() {
    JsonNode up =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> query("up{job=\"costguard\"}"), result -> result.size() == 1)
            .get(0)
            .get("metric");

    assertThat(up.get("namespace").asText()).isEqualTo(OPERATOR_NAMESPACE);
    assertThat(up.get("pod").asText()).isEqualTo(OPERATOR_POD);
    assertThat(up.get("service").asText()).isEqualTo(HelmChart.RELEASE + "-metrics");
    assertThat(up.get("container").asText()).isEqualTo("operator");
    assertThat(up.get("endpoint").asText()).isEqualTo("http-metrics");
  }

  @Test
  void everyAlertAndDashboardQueryRunsAndPerNamespaceQueriesShowWorkloadNamespaces()
      throws IOException {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                query("costguard_gpu_allocated{job=\"costguard\"}").size() > 0
                    && query("costguard_scaling_desired_replicas{job=\"costguard\"}").size() > 0);

    Map<String, JsonNode> results = new LinkedHashMap<>();
    for (String expr : chartQueries()) {
      results.put(expr, query(grafanaVariablesReplaced(expr)));
    }

    List<String> perNamespace =
        results.keySet().stream()
            .filter(e -> e.matches("(?s).*by \\([^)]*\\bnamespace\\b.*"))
            .toList();
    assertThat(perNamespace).as("queries grouped by namespace").hasSizeGreaterThanOrEqualTo(6);
    Set<String> exported = exportedNamespaces("costguard_");
    assertThat(perNamespace)
        .allSatisfy(
            expr ->
                assertThat(labelValues(results.get(expr), "namespace"))
                    .as("namespaces of %s", expr)
                    .isSubsetOf(exported));
    for (String expr :
        List.of(
            "sum by (namespace, currency) (costguard_namespace_cost_per_hour{namespace=~\"$namespace\"})",
            "sum by (namespace, gpu_model) (costguard_gpu_allocated{namespace=~\"$namespace\"})",
            "max by (namespace, policy) (costguard_scaling_desired_replicas{namespace=~\"$namespace\"})")) {
      assertThat(results).containsKey(expr);
      assertThat(labelValues(results.get(expr), "namespace"))
          .as(expr)
          .isNotEmpty()
          .anyMatch(ns -> !ns.equals(OPERATOR_NAMESPACE));
    }
  }

  /**
   * The scrape job prometheus-operator (v0.7x) generates for the first endpoint of a ServiceMonitor
   * whose Service has one ready endpoint: a pod of the operator's Deployment.
   */
  private static String scrapeJob(
      GenericKubernetesResource monitor,
      Service service,
      String target,
      boolean honorLabelsFromChart) {
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    Map<String, Object> endpoint = endpoints.get(0);
    boolean honorLabels = honorLabelsFromChart && Boolean.TRUE.equals(endpoint.get("honorLabels"));
    String port = (String) endpoint.get("port");
    String jobLabel = monitor.get("spec", "jobLabel");
    String ns = monitor.getMetadata().getNamespace();
    Map<String, String> metaLabels = new LinkedHashMap<>();
    metaLabels.put("__meta_kubernetes_namespace", OPERATOR_NAMESPACE);
    metaLabels.put("__meta_kubernetes_service_name", service.getMetadata().getName());
    service
        .getMetadata()
        .getLabels()
        .forEach((k, v) -> metaLabels.put("__meta_kubernetes_service_label_" + sanitize(k), v));
    metaLabels.put("__meta_kubernetes_endpoint_port_name", port);
    metaLabels.put("__meta_kubernetes_endpoint_address_target_kind", "Pod");
    metaLabels.put("__meta_kubernetes_endpoint_address_target_name", OPERATOR_POD);
    metaLabels.put("__meta_kubernetes_pod_name", OPERATOR_POD);
    metaLabels.put("__meta_kubernetes_pod_container_name", "operator");
    metaLabels.put("__meta_kubernetes_pod_phase", "Running");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    StringBuilder keep = new StringBuilder();
    selector.forEach(
        (k, v) ->
            keep.append("  - action: keep\n    source_labels: [__meta_kubernetes_service_label_")
                .append(sanitize(k))
                .append(", __meta_kubernetes_service_labelpresent_")
                .append(sanitize(k))
                .append("]\n    regex: (")
                .append(v)
                .append(");true\n"));
    selector
        .keySet()
        .forEach(
            k -> metaLabels.put("__meta_kubernetes_service_labelpresent_" + sanitize(k), "true"));
    StringBuilder labels = new StringBuilder();
    metaLabels.forEach(
        (k, v) -> labels.append("          ").append(k).append(": '").append(v).append("'\n"));
    return "- job_name: serviceMonitor/"
        + ns
        + "/"
        + monitor.getMetadata().getName()
        + "/0\n"
        + "  honor_labels: "
        + honorLabels
        + "\n"
        + "  honor_timestamps: true\n"
        + "  metrics_path: "
        + endpoint.get("path")
        + "\n"
        + "  static_configs:\n"
        + "    - targets: ['"
        + target
        + "']\n"
        + "      labels:\n"
        + labels
        + "  relabel_configs:\n"
        + "  - source_labels: [job]\n    target_label: __tmp_prometheus_job_name\n"
        + keep
        + "  - action: keep\n    source_labels: [__meta_kubernetes_endpoint_port_name]\n    regex: "
        + port
        + "\n"
        + "  - source_labels: [__meta_kubernetes_endpoint_address_target_kind, __meta_kubernetes_endpoint_address_target_name]\n"
        + "    separator: ;\n    regex: Node;(.*)\n    replacement: ${1}\n    target_label: node\n"
        + "  - source_labels: [__meta_kubernetes_endpoint_address_target_kind, __meta_kubernetes_endpoint_address_target_name]\n"
        + "    separator: ;\n    regex: Pod;(.*)\n    replacement: ${1}\n    target_label: pod\n"
        + "  - source_labels: [__meta_kubernetes_namespace]\n    target_label: namespace\n"
        + "  - source_labels: [__meta_kubernetes_service_name]\n    target_label: service\n"
        + "  - source_labels: [__meta_kubernetes_pod_name]\n    target_label: pod\n"
        + "  - source_labels: [__meta_kubernetes_pod_container_name]\n    target_label: container\n"
        + "  - action: drop\n    source_labels: [__meta_kubernetes_pod_phase]\n    regex: (Failed|Succeeded)\n"
        + "  - source_labels: [__meta_kubernetes_service_name]\n    target_label: job\n    replacement: ${1}\n"
        + "  - source_labels: [__meta_kubernetes_service_label_"
        + sanitize(jobLabel)
        + "]\n"
        + "    regex: (.+)\n    target_label: job\n    replacement: ${1}\n"
        + "  - target_label: endpoint\n    replacement: "
        + port
        + "\n"
        + "  - source_labels: [__address__]\n    target_label: __tmp_hash\n    modulus: 1\n    action: hashmod\n"
        + "  - source_labels: [__tmp_hash]\n    regex: 0\n    action: keep\n";
  }

  private static String sanitize(String labelName) {
    return labelName.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  /** What Grafana sends for the dashboard's variables with "All" selected. */
  private static String grafanaVariablesReplaced(String expr) {
    return expr.replace("$__rate_interval", "1m")
        .replace("$__range", "5m")
        .replaceAll("\\$\\{?(namespace|team|budget)}?", ".*");
  }

  /** Every alert expression, every dashboard target, and each variable's label_values as PromQL. */
  private static List<String> chartQueries() throws IOException {
    Path files = HelmChart.chartDir().resolve("files");
    List<String> exprs = new ArrayList<>();
    YAML.readTree(files.resolve("alert-rules.yaml").toFile())
        .get("groups")
        .forEach(g -> g.get("rules").forEach(r -> exprs.add(r.get("expr").asText())));
    JsonNode dashboard =
        JSON.readTree(Files.readString(files.resolve("dashboards/costguard.json")));
    dashboard
        .get("panels")
        .forEach(
            p -> {
              if (p.has("targets")) {
                p.get("targets").forEach(t -> exprs.add(t.get("expr").asText()));
              }
            });
    dashboard
        .at("/templating/list")
        .forEach(
            v -> {
              if (v.get("type").asText().equals("query")) {
                exprs.add(
                    v.at("/query/query")
                        .asText()
                        .replaceAll("label_values\\(([^,]+),\\s*(\\w+)\\)", "count by ($2) ($1)"));
              }
            });
    return exprs;
  }

  /** The result vector of an instant query; fails on a PromQL error. */
  private static JsonNode query(String promql) {
    return query(prometheus, promql);
  }

  private static JsonNode query(PrometheusServer server, String promql) {
    try {
      JsonNode answer =
          JSON.readTree(
              server.get(
                  "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
      assertThat(answer.get("status").asText()).as("%s: %s", promql, answer).isEqualTo("success");
      return answer.at("/data/result");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The namespace label values of the operator's own /metrics, for series whose name starts so. */
  private static Set<String> exportedNamespaces(String namePrefix) {
    Set<String> namespaces = new TreeSet<>();
    java.util.regex.Pattern label = java.util.regex.Pattern.compile("[{,]namespace=\"([^\"]+)\"");
    harness
        .metrics()
        .lines()
        .filter(line -> line.startsWith(namePrefix))
        .forEach(
            line -> {
              java.util.regex.Matcher m = label.matcher(line);
              if (m.find()) {
                namespaces.add(m.group(1));
              }
            });
    return namespaces;
  }

  private static Set<String> labelValues(JsonNode result, String label) {
    Set<String> values = new TreeSet<>();
    result.forEach(
        series -> {
          if (series.at("/metric").has(label)) {
            values.add(series.at("/metric/" + label).asText());
          }
        });
    return values;
  }
}
