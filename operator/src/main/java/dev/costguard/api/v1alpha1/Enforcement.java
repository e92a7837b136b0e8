package dev.costguard.api.v1alpha1;

/** How a WorkloadBudget keeps its workloads inside the money. */
public enum Enforcement {
  /**
   * The threshold ladder: each threshold's actions start once spend (or the forecast) crosses it,
   * and stay until the period rolls over, the limit is raised or the threshold removed.
   */
  Thresholds,
  /**
   * A hard cap: every evaluation, Costguard computes what the remaining money affords until the
   * period ends and scales the selected Deployments and StatefulSets down to it, lowest priority
   * first (label costguard.dev/priority), and back up as money allows. The thresholds still act.
   */
  Cap
}
