package dev.costguard.scaling;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Optional;

/** Where scaling learns a budget's standing; the WorkloadBudget's status is the contract. */
public interface Budgets {
  /**
   * The standing of budget {@code name} for {@code workload}. Empty when the budget exists but has
   * not accrued yet (no cap then).
   *
   * @throws BudgetNotFoundException when there is no such budget
   */
  Optional<BudgetStanding> standing(String name, HasMetadata workload);

  /** The policy names a budget that does not exist. */
  final class BudgetNotFoundException extends RuntimeException {
    public BudgetNotFoundException(String name) {
      super("WorkloadBudget " + name + " not found");
    }
  }
}
