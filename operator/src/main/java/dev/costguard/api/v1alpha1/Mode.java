package dev.costguard.api.v1alpha1;

/** Whether a policy changes workloads or only reports what it would do. */
public enum Mode {
  /** Apply the policy's actions to workloads. */
  Enforce,
  /** Report planned actions in status, events and metrics; never write a workload. */
  DryRun
}
