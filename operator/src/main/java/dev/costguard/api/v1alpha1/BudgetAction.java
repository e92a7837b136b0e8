package dev.costguard.api.v1alpha1;

/** Budget actions, from the mildest to the strongest. */
public enum BudgetAction {
  /** Warning events on the budget and in each affected namespace, a condition and a metric. */
  Notify,
  /** Scaling policies and HPAs of the selected workloads may not grow. */
  BlockScaleUp,
  /** Spot-eligible workloads move to spot capacity. */
  PreferSpot,
  /** Workloads scale down to their minimum replicas. */
  ScaleToMinimum,
  /** Workloads scale to zero; CronJobs and Jobs are suspended. */
  Suspend
}
