package dev.costguard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Budget series, one per budget and currency: {@code costguard_budget_limit}, {@code _spent},
 * {@code _forecast} (money), {@code costguard_budget_utilization_ratio} (spent / limit), and the
 * counter {@code costguard_budget_actions_total{budget,action}}. A deleted budget's series go.
 */
public final class BudgetMetrics {
  /** The figures of one budget as its last evaluation left them. */
  public record Figures(
      String currency,
      BigDecimal limit,
      BigDecimal spent,
      BigDecimal forecast,
      BigDecimal utilization) {}

  private final MeterRegistry registry;
  private final Map<String, Figures> budgets = new TreeMap<>();
  private final MultiGauge limit;
  private final MultiGauge spent;
  private final MultiGauge forecast;
  private final MultiGauge utilization;

  public BudgetMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.limit = gauge("costguard.budget.limit", "Money the budget may spend per period");
    this.spent = gauge("costguard.budget.spent", "Money spent in the current period");
    this.forecast =
        gauge("costguard.budget.forecast", "Forecast spend at the end of the current period");
    this.utilization = gauge("costguard.budget.utilization.ratio", "Spent divided by the limit");
  }

  public synchronized void record(String budget, Figures figures) {
    if (!figures.equals(budgets.put(budget, figures))) {
      publish();
    }
  }

  /** Counts an action applied to a workload (or, in dry run, planned) or a Notify. */
  public void countAction(String budget, String action) {
    actions(budget, action).increment();
  }

  public synchronized void forget(String budget) {
    if (budgets.remove(budget) != null) {
      publish();
    }
    registry
        .find("costguard.budget.actions")
        .tag("budget", budget)
        .counters()
        .forEach(registry::remove);
  }

  private Counter actions(String budget, String action) {
    return Counter.builder("costguard.budget.actions")
        .description("Budget actions applied to workloads, and Notify crossings")
        .tags("budget", budget, "action", action)
        .register(registry);
  }

  private void publish() {
    limit.register(rows(Figures::limit), true);
    spent.register(rows(Figures::spent), true);
    forecast.register(rows(Figures::forecast), true);
    utilization.register(rows(Figures::utilization), true);
  }

  private Iterable<MultiGauge.Row<?>> rows(java.util.function.Function<Figures, BigDecimal> value) {
    return budgets.entrySet().stream()
        .<MultiGauge.Row<?>>map(
            e ->
                MultiGauge.Row.of(
                    Tags.of("budget", e.getKey(), "currency", e.getValue().currency()),
                    value.apply(e.getValue())))
        .toList();
  }

  private MultiGauge gauge(String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }
}
