package dev.costguard.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code costguard report} shows, exactly as {@code -o json} prints it. Money is a decimal
 * string in its currency.
 *
 * @param catalog the price catalog the top spenders are priced with
 * @param warnings what could not be read (e.g. Costguard's CRDs not installed), and was skipped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(
    String apiVersion,
    String kind,
    String generatedAt,
    String catalog,
    List<BudgetLine> budgets,
    List<SavingsLine> savings,
    List<Spender> topSpenders,
    List<Idle> idle,
    List<String> warnings) {

  /**
   * A budget in its current period.
   *
   * @param burnPerHour the cost rate of the pods it selects now
   * @param standing {@code Exceeded} (spent reached the limit), {@code AtRisk} (the forecast
   *     exceeds it), {@code OnTrack}, or {@code Pending} before its first evaluation
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BudgetLine(
      String name,
      String currency,
      String limit,
      String spent,
      String utilization,
      String burnPerHour,
      String forecast,
      String periodEnd,
      String standing) {}

  /** A shutdown schedule and the money it saved this month (its own estimate). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SavingsLine(
      String schedule,
      String state,
      Integer sleepingWorkloads,
      String currency,
      String estimatedSavings,
      String since) {}

  /** A namespace and what its running pods cost now. */
  public record Spender(
      String namespace, String team, String currency, String costPerHour, String gpus) {}

  /** Node price no pod is allocated now, per hour. */
  public record Idle(String capacityType, String currency, String costPerHour) {}
}
