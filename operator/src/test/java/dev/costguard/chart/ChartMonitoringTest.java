package dev.costguard.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What an SRE gets with kube-prometheus-stack: a ServiceMonitor it selects, the alert rules, the
 * dashboard; and every query names a metric from the one list in {@link ChartMetricNames}.
 */
class ChartMonitoringTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FILES = HelmChart.chartDir().resolve("files");

  private static final String ALL_ON =
      """
      serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}
      prometheusRule: {enabled: true, labels: {release: kube-prometheus-stack}}
      grafanaDashboard: {enabled: true, annotations: {grafana_folder: FinOps}}
      """;

  @Test
  void monitoringExtrasAreOffByDefaultSoTheChartInstallsWithoutPrometheusOperatorCrds() {
    HelmChart.Rendered r = HelmChart.render();

    assertThat(r.generic("ServiceMonitor")).isEmpty();
    assertThat(r.generic("PrometheusRule")).isEmpty();
    assertThat(r.all(ConfigMap.class)).isEmpty();
  }

  @Test
  void serviceMonitorCarriesTheExtraLabelsAndScrapesTheMetricsServiceAsJobCostguard() {
    HelmChart.Rendered r = HelmChart.render(ALL_ON);
    GenericKubernetesResource sm = r.generic("ServiceMonitor").findFirst().orElseThrow();
    Service svc = r.one(Service.class, HelmChart.RELEASE + "-metrics");

    assertThat(sm.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    Map<String, String> selector = sm.get("spec", "selector", "matchLabels");
    assertThat(svc.getMetadata().getLabels()).containsAllEntriesOf(selector);
    List<Map<String, Object>> endpoints = sm.get("spec", "endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e).containsEntry("port", "http-metrics").containsEntry("path", "/metrics");
            });
    // the rules say job="costguard": the job label comes from a Service label whose value is fixed
    String jobLabel = (String) sm.get("spec", "jobLabel");
    assertThat(svc.getMetadata().getLabels()).containsEntry(jobLabel, "costguard");
    assertThat(
            HelmChart.render("nameOverride: cg\n" + ALL_ON)
                .one(Service.class, "costguard-cg-metrics")
                .getMetadata()
                .getLabels())
        .containsEntry(jobLabel, "costguard");
  }

  @Test
  void serviceMonitorHonoursTheOperatorsNamespaceLabelByDefault() {
    List<Map<String, Object>> endpoints =
        HelmChart.render(ALL_ON)
            .generic("ServiceMonitor")
            .findFirst()
            .orElseThrow()
            .get("spec", "endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(e -> assertThat(e).containsEntry("honorLabels", true));

    List<Map<String, Object>> off =
        HelmChart.render(ALL_ON + "serviceMonitor: {enabled: true, honorLabels: false}\n")
            .generic("ServiceMonitor")
            .findFirst()
            .orElseThrow()
            .get("spec", "endpoints");
    assertThat(off)
        .singleElement()
        .satisfies(e -> assertThat(e).containsEntry("honorLabels", false));
  }

  @Test
  void anAlertCanBeDisabledRetunedAndRoutedAndRuleGroupsAdded() throws IOException {
    GenericKubernetesResource rule =
        HelmChart.render(
                ALL_ON
                    + """
        prometheusRule:
          enabled: true
          alertLabels: {team: platform}
          alerts:
            CostguardBudgetAtRisk: {for: 1h, labels: {severity: info}}
            CostguardReconcileErrors: {enabled: false}
          additionalRuleGroups:
            - name: my-costguard
              rules:
                - alert: MyBudgetAlmostGone
                  expr: costguard_budget_utilization_ratio > 0.95
        """)
            .generic("PrometheusRule")
            .findFirst()
            .orElseThrow();
    Map<String, JsonNode> rendered = new java.util.TreeMap<>();
    List<String> groups = new ArrayList<>();
    YAML.valueToTree(rule.getAdditionalProperties().get("spec"))
        .get("groups")
        .forEach(
            g -> {
              groups.add(g.get("name").asText());
              g.get("rules").forEach(r -> rendered.put(r.get("alert").asText(), r));
            });

    assertThat(rendered)
        .doesNotContainKey("CostguardReconcileErrors")
        .containsKey("MyBudgetAlmostGone");
    assertThat(groups).contains("costguard.budgets", "my-costguard");
    JsonNode atRisk = rendered.get("CostguardBudgetAtRisk");
    assertThat(atRisk.get("for").asText()).isEqualTo("1h");
    assertThat(atRisk.at("/labels/severity").asText()).isEqualTo("info");
    assertThat(atRisk.at("/labels/team").asText()).isEqualTo("platform");
    assertThat(atRisk.get("expr")).isEqualTo(alerts().get("CostguardBudgetAtRisk").get("expr"));
    JsonNode exceeded = rendered.get("CostguardBudgetExceeded");
    assertThat(exceeded.at("/labels/severity").asText()).isEqualTo("critical");
    assertThat(exceeded.at("/labels/team").asText()).isEqualTo("platform");
    assertThat(exceeded.get("for").asText()).isEqualTo("1m");
  }

  @Test
  void aMistypedAlertNameIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                HelmChart.render(
                    "prometheusRule: {enabled: true, alerts: {CostguardBudgetAtRsk: {enabled: false}}}\n"))
        .hasMessageContaining("CostguardBudgetAtRsk");
  }

  @Test
  void moneyPanelsShowTheConfiguredCurrency() throws IOException {
    ConfigMap cm =
        HelmChart.render(ALL_ON + "grafanaDashboard: {enabled: true, currencyUnit: currencyEUR}\n")
            .one(ConfigMap.class, HelmChart.RELEASE + "-dashboard");
    Map<String, String> units = new java.util.TreeMap<>();
    JSON.readTree(cm.getData().get("costguard.json"))
        .get("panels")
        .forEach(
            p -> units.put(p.get("title").asText(), p.at("/fieldConfig/defaults/unit").asText()));

    assertThat(units)
        .containsEntry("Cost per hour by namespace", "currencyEUR")
        .containsEntry("Cost per hour by team", "currencyEUR")
        .containsEntry("Budget burn: spent, forecast and limit", "currencyEUR")
        .containsEntry("Savings (dashboard range)", "currencyEUR")
        .containsEntry("Budget utilization", "percentunit");
    assertThat(units.values()).doesNotContain("currencyUSD");
  }

  @Test
  void prometheusRuleHoldsTheRulesFileThatPromtoolTests() throws IOException {
    GenericKubernetesResource rule =
        HelmChart.render(ALL_ON).generic("PrometheusRule").findFirst().orElseThrow();
    JsonNode rulesFile = YAML.readTree(FILES.resolve("alert-rules.yaml").toFile());

    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    JsonNode spec = YAML.valueToTree(rule.getAdditionalProperties().get("spec"));
    assertThat(spec).isEqualTo(rulesFile);
    // Helm must not have eaten the alert templates
    assertThat(YAML.writeValueAsString(rule)).contains("{{ $labels.budget }}");
  }

  @Test
  void theRulesFileHasTheFiveAlertsEachWithSeverityAndRunbook() throws IOException {
    Map<String, JsonNode> alerts = alerts();

    assertThat(alerts)
        .containsOnlyKeys(
            "CostguardBudgetAtRisk",
            "CostguardBudgetExceeded",
            "CostguardOperatorDown",
            "CostguardReconcileErrors",
            "CostguardMetricsSourceUnavailable");
    assertThat(alerts.values())
        .allSatisfy(
            a -> {
              assertThat(a.at("/labels/severity").asText()).isIn("warning", "critical");
              assertThat(a.at("/annotations/summary").asText()).isNotBlank();
              assertThat(a.at("/annotations/description").asText()).isNotBlank();
              assertThat(a.at("/annotations/runbook_url").asText())
                  .endsWith("README.md#" + a.get("alert").asText().toLowerCase());
              assertThat(a.get("for"))
                  .as("%s needs a for: to ride out a scrape gap", a.get("alert"))
                  .isNotNull();
            });
  }

  @Test
  void everyAlertHasAPromtoolUnitTest() throws IOException {
    JsonNode tests = YAML.readTree(FILES.resolve("alert-rules.test.yaml").toFile());
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    tests
        .get("tests")
        .forEach(
            t ->
                t.get("alert_rule_test")
                    .forEach(
                        a ->
                            (a.get("exp_alerts").isEmpty() ? quiet : firing)
                                .add(a.get("alertname").asText())));

    assertThat(firing).as("alerts with a firing case").isEqualTo(alerts().keySet());
    assertThat(quiet).as("alerts with a quiet case").isEqualTo(alerts().keySet());
  }

  @Test
  void dashboardConfigMapIsPickedUpByTheGrafanaSidecar() throws IOException {
    ConfigMap cm = HelmChart.render(ALL_ON).one(ConfigMap.class, HelmChart.RELEASE + "-dashboard");

    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(cm.getMetadata().getAnnotations()).containsEntry("grafana_folder", "FinOps");
    JsonNode dashboard = JSON.readTree(cm.getData().get("costguard.json"));
    assertThat(dashboard)
        .isEqualTo(JSON.readTree(FILES.resolve("dashboards/costguard.json").toFile()));
    assertThat(dashboard.get("uid").asText()).isEqualTo("costguard-overview");
  }

  @Test
  void dashboardHasThePanelsPlatformTeamsAskFor() throws IOException {
    List<String> titles = new ArrayList<>();
    dashboard().get("panels").forEach(p -> titles.add(p.get("title").asText()));

    assertThat(titles)
        .contains(
            "Cost per hour by namespace",
            "Cost per hour by team",
            "Budget burn: spent, forecast and limit",
            "GPUs allocated by model",
            "GPU utilization",
            "Sleeping workloads",
            "Savings (dashboard range)",
            "Scaling actions",
            "Reconcile latency p95 by controller",
            "Reconcile errors by kind");
    // every panel queries the data source variable, so it works with any Prometheus
    dashboard()
        .get("panels")
        .forEach(
            p -> {
              if (!p.get("type").asText().equals("row")) {
                assertThat(p.at("/datasource/uid").asText()).isEqualTo("${datasource}");
              }
            });
  }

  @Test
  void everyQueryNamesOnlyMetricsFromTheOneList() throws IOException {
    Map<String, Set<String>> byQuery = new java.util.LinkedHashMap<>();
    for (String expr : queries()) {
      byQuery.put(expr, ChartMetricNames.namesIn(expr));
    }

    assertThat(byQuery)
        .allSatisfy(
            (expr, names) -> {
              assertThat(names).as("metrics in %s", expr).isNotEmpty();
              assertThat(ChartMetricNames.USED).as("the list, for %s", expr).containsAll(names);
            });
    // and the list holds nothing the chart does not use, so it stays the chart's real needs
    Set<String> used = new TreeSet<>();
    byQuery.values().forEach(used::addAll);
    assertThat(used).isEqualTo(ChartMetricNames.USED);
  }

  @Test
  void theMetricNameExtractorSeesThroughPromql() {
    assertThat(
            ChartMetricNames.namesIn(
                "histogram_quantile(0.95, sum by (le, controller) (rate(operator_sdk_x_bucket{job=\"costguard\"}[$__rate_interval])))"))
        .containsExactly("operator_sdk_x_bucket");
    assertThat(
            ChartMetricNames.namesIn("costguard_a > costguard_b and on (budget) costguard_c < 1e3"))
        .containsExactly("costguard_a", "costguard_b", "costguard_c");
    assertThat(
            ChartMetricNames.namesIn(
                "sum by (job) (up{job=\"costguard\"}) == 0 or absent(up{job=\"costguard\"})"))
        .containsExactly("up");
    assertThat(ChartMetricNames.namesIn("label_values(costguard_budget_limit, budget)"))
        .contains("costguard_budget_limit");
  }

  /** Every PromQL expression of the rules file and the dashboard (panels and variables). */
  private static List<String> queries() throws IOException {
    List<String> exprs = new ArrayList<>();
    alerts().values().forEach(a -> exprs.add(a.get("expr").asText()));
    dashboard()
        .get("panels")
        .forEach(
            p -> {
              if (p.has("targets")) {
                p.get("targets").forEach(t -> exprs.add(t.get("expr").asText()));
              }
            });
    dashboard()
        .at("/templating/list")
        .forEach(
            v -> {
              if (v.get("type").asText().equals("query")) {
                // label_values(metric, label): the metric is the first argument
                exprs.add(
                    v.at("/query/query").asText().replaceAll("label_values\\(([^,]+),.*", "$1"));
              }
            });
    return exprs;
  }

  private static Map<String, JsonNode> alerts() throws IOException {
    Map<String, JsonNode> alerts = new java.util.TreeMap<>();
    YAML.readTree(FILES.resolve("alert-rules.yaml").toFile())
        .get("groups")
        .forEach(g -> g.get("rules").forEach(r -> alerts.put(r.get("alert").asText(), r)));
    return alerts;
  }

  private static JsonNode dashboard() throws IOException {
    return JSON.readTree(Files.readString(FILES.resolve("dashboards/costguard.json")));
  }
}
