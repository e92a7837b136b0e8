package dev.costguard.allocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Budgets as the API shows them: the current period and the closed ones, read from each budget's
 * status (the budget controller's record; nothing is recomputed here).
 */
public final class BudgetPeriods {
  private BudgetPeriods() {}

  /** The answer of {@code GET /api/v1/budgets}. */
  public record BudgetList(String apiVersion, String kind, List<Budget> budgets) {}

  /**
   * One budget.
   *
   * @param closedPeriods newest first: each closed period with its total, and each period a
   *     calendar edit ended early (its spend was carried into {@code carriedInto})
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Budget(
      String name,
      String currency,
      String limit,
      Period current,
      String costPerHour,
      String forecast,
      String utilization,
      String accruedUntil,
      List<Period> closedPeriods) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Period(String start, String end, String spent, String carriedInto) {}

  public static BudgetList of(List<WorkloadBudget> budgets) {
    List<Budget> shown =
        budgets.stream()
            .sorted(Comparator.comparing(b -> b.getMetadata().getName()))
            .map(BudgetPeriods::budget)
            .toList();
    return new BudgetList(Allocation.API_VERSION, "BudgetList", shown);
  }

  private static Budget budget(WorkloadBudget budget) {
    WorkloadBudgetStatus status =
        budget.getStatus() == null ? new WorkloadBudgetStatus() : budget.getStatus();
    var limit = budget.getSpec() == null ? null : budget.getSpec().limit;
    List<Period> closed = new ArrayList<>();
    if (status.history != null && !status.history.isEmpty()) {
      status.history.forEach(p -> closed.add(period(p)));
    } else if (status.previousPeriod != null) {
      closed.add(period(status.previousPeriod));
    }
    return new Budget(
        budget.getMetadata().getName(),
        status.currency != null ? status.currency : limit == null ? null : limit.currency,
        limit == null ? null : plain(limit.amount),
        status.periodStart == null
            ? null
            : new Period(status.periodStart, status.periodEnd, plain(status.spent), null),
        plain(status.costPerHour),
        plain(status.forecast),
        status.utilization,
        status.accruedUntil,
        List.copyOf(closed));
  }

  private static Period period(WorkloadBudgetStatus.PeriodTotal total) {
    return new Period(total.start, total.end, plain(total.spent), total.carriedInto);
  }

  private static String plain(BigDecimal amount) {
    return amount == null ? null : amount.toPlainString();
  }
}
