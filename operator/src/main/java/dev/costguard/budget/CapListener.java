package dev.costguard.budget;

import dev.costguard.api.v1alpha1.CapStatus;
import dev.costguard.api.v1alpha1.WorkloadBudget;

/**
 * Told when a budget's cap changes the replicas it allows, after the status that records it is
 * written: where notifications to a budget's owners plug in.
 */
@FunctionalInterface
public interface CapListener {
  CapListener NONE = (budget, before, after) -> {};

  /**
   * @param before the cap's previous decision, {@code null} at the first
   * @param after the cap's decision now
   */
  void capChanged(WorkloadBudget budget, CapStatus before, CapStatus after);
}
