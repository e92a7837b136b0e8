package dev.costguard.api.v1alpha1;

/** What a budget's owners are told about. */
public enum NotificationEvent {
  /** A threshold whose actions include Notify was crossed. */
  ThresholdCrossed,
  /** A budget action was applied to workloads. */
  ActionTaken,
  /** A budget action was undone on workloads. */
  ActionUndone,
  /** The hard cap changed how much the selected workloads may run. */
  CapChanged,
  /** A training job waits for money in the budget's admission queue. */
  JobQueued,
  /** A queued training job was admitted and started. */
  JobAdmitted
}
