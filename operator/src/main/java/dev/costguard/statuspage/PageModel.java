package dev.costguard.statuspage;

import dev.costguard.allocation.Allocation;
import dev.costguard.inference.TokenCost;
import dev.costguard.rightsizing.RightsizingAdvice.Advice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Everything the status page shows, as plain data.
 *
 * @param allocation spend of the last 24 hours by team, as {@code GET /api/v1/allocation} answers
 *     it; null when it could not be read
 */
public record PageModel(
    Instant asOf,
    Allocation allocation,
    List<Budget> budgets,
    List<Schedule> schedules,
    List<Spender> spenders,
    List<Gpu> gpus,
    List<TokenCost> tokenCosts,
    String tokenNote,
    List<Advice> rightsizing,
    String rightsizingNote) {

  /**
   * A budget this period, from its status. Any figure may be null until the budget is reconciled.
   *
   * @param actions what it holds, e.g. {@code ScaleToMinimum Deployment ml/api (Applied)}
   */
  public record Budget(
      String name,
      String currency,
      BigDecimal limit,
      BigDecimal spent,
      BigDecimal forecast,
      BigDecimal costPerHour,
      Instant periodStart,
      Instant periodEnd,
      Instant accruedUntil,
      List<Integer> activeThresholds,
      List<String> actions,
      List<String> plannedActions,
      String ready) {}

  /**
   * A shutdown schedule, with its asleep spans over the next week.
   *
   * @param asleep spans asleep between {@code asOf} and a week later, in time order
   */
  public record Schedule(
      String name,
      String state,
      String nextTransition,
      int sleepingWorkloads,
      String currency,
      BigDecimal estimatedSavings,
      String savingsSince,
      List<Span> asleep) {}

  public record Span(Instant from, Instant to) {}

  /** Money per hour of a namespace now, as {@code costguard_namespace_cost_per_hour} says. */
  public record Spender(String namespace, String team, String currency, double perHour) {}

  /**
   * GPUs of a namespace: allocated by model, and utilisation where a GPU trigger reads it.
   *
   * @param utilisation 0..1, or NaN when unknown
   */
  public record Gpu(String namespace, String model, double allocated, double utilisation) {}
}
