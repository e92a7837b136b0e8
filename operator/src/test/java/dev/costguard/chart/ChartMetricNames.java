package dev.costguard.chart;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * THE list of metric names the chart's alert rules and Grafana dashboard query. Check it against a
 * real scrape of the operator's /metrics (issue 6: every name must be exported); when the operator
 * renames a metric, change it here, and the tests point at every query to fix.
 */
final class ChartMetricNames {

  /** Series names exactly as PromQL names them (counters with _total, histograms with _bucket). */
  static final Set<String> USED =
      Set.of(
          // cost
          "costguard_namespace_cost_per_hour",
          "costguard_energy_watts",
          "costguard_carbon_grams_per_hour",
          // budgets
          "costguard_budget_limit",
          "costguard_budget_spent",
          "costguard_budget_forecast",
          "costguard_budget_utilization_ratio",
          "costguard_budget_actions_total",
          // GPUs
          "costguard_gpu_allocated",
          "costguard_gpu_utilization_ratio",
          // scaling
          "costguard_scaling_desired_replicas",
          "costguard_scaling_actions_total",
          "costguard_scaling_metric_value",
          "costguard_scaling_metrics_unavailable",
          // sleep schedules
          "costguard_schedule_sleeping_workloads",
          "costguard_savings_total",
          "costguard_schedule_transitions_total",
          // java-operator-sdk MicrometerMetrics (5.2.3): counters operator.sdk.reconciliations.*,
          // timer operator.sdk.controllers.execution.reconcile with a percentile histogram
          "operator_sdk_reconciliations_failed_total",
          "operator_sdk_reconciliations_started_total",
          "operator_sdk_controllers_execution_reconcile_seconds_bucket",
          // Prometheus' own scrape health of job="costguard"
          "up");

  private ChartMetricNames() {}

  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "inf",
          "nan",
          "atan2");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /**
   * The metric names a PromQL expression reads: what is left after dropping strings, label
   * matchers, grouping clauses, ranges, Grafana variables, function calls, keywords and numbers.
   */
  static Set<String> namesIn(String promql) {
    String s =
        promql
            .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ") // string literals
            .replaceAll("\\$\\{[^}]*}|\\$\\w+", " ") // Grafana variables
            .replaceAll("\\{[^}]*}", " ") // label matchers
            .replaceAll("\\[[^]]*]", " ") // ranges and subqueries
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
            .replaceAll("\\b\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\b", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String word = m.group();
      boolean isCall = s.substring(m.end()).matches("(?s)\\s*\\(.*");
      if (!isCall && !PROMQL_WORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }
}
