package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.BudgetThreshold;
import dev.costguard.api.v1alpha1.WorkloadAction;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.kube.Timestamps;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a WorkloadBudget's status: {@code spent}, {@code costPerHour}, {@code periodEnd}, the
 * {@code activeThresholds} with the actions the spec gives them, and {@code actions} naming this
 * workload. The budget reconciler writes that status; scaling never writes budgets.
 */
public final class WorkloadBudgetStatusReader implements Budgets {
  private final Function<String, Optional<WorkloadBudget>> budgets;

  /**
   * @param budgets the WorkloadBudget of a name, as the cluster view holds it
   */
  public WorkloadBudgetStatusReader(Function<String, Optional<WorkloadBudget>> budgets) {
    this.budgets = budgets;
  }

  @Override
  public Optional<BudgetStanding> standing(String name, HasMetadata workload) {
    WorkloadBudget budget = budgets.apply(name).orElse(null);
    if (budget == null || budget.getSpec() == null) {
      // A budget whose spec cannot be read is reported on itself; here it is as good as absent.
      throw new BudgetNotFoundException(name);
    }
    return standingOf(budget, workload);
  }

  static Optional<BudgetStanding> standingOf(WorkloadBudget budget, HasMetadata workload) {
    WorkloadBudgetStatus status = budget.getStatus();
    if (status == null || status.spent == null || status.periodEnd == null) {
      return Optional.empty();
    }
    Set<BudgetAction> inForce = EnumSet.noneOf(BudgetAction.class);
    for (BudgetThreshold threshold : budget.getSpec().thresholds) {
      if (status.activeThresholds.contains(threshold.percent)) {
        inForce.addAll(threshold.actions);
      }
    }
    status.actions.stream()
        .filter(a -> isAbout(a, workload))
        .map(a -> a.action)
        .filter(Objects::nonNull)
        .forEach(inForce::add);
    String currency = status.currency != null ? status.currency : budget.getSpec().limit.currency;
    return Optional.of(
        new BudgetStanding(
            budget.getMetadata().getName(),
            currency,
            budget.getSpec().limit.amount.subtract(status.spent),
            status.costPerHour,
            Timestamps.parse(status.periodEnd),
            inForce.contains(BudgetAction.BlockScaleUp),
            inForce.contains(BudgetAction.ScaleToMinimum),
            budget.getSpec().priceCatalogRef));
  }

  private static boolean isAbout(WorkloadAction action, HasMetadata workload) {
    return workload.getKind().equals(action.kind)
        && workload.getMetadata().getNamespace().equals(action.namespace)
        && workload.getMetadata().getName().equals(action.name);
  }
}
