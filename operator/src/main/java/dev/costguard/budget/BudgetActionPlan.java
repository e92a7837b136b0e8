package dev.costguard.budget;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.BudgetAction;
import java.util.List;
import java.util.Map;

/**
 * What a budget does to workloads in one reconcile, decided by {@link BudgetActionPlanner}.
 *
 * @param holds changes to make, mildest action first; each travels with its original in one patch
 * @param releases holds to undo, strongest action first, so each restores exactly what it found
 * @param inForce actions in force once the plan is carried out (status {@code actions})
 * @param planned in dry run, the actions that would be in force (status {@code plannedActions})
 * @param skipped workloads left alone, and why
 * @param affected the Deployments, StatefulSets and CronJobs the budget may act on, whether or not
 *     an action is in force: where Notify tells their teams
 */
public record BudgetActionPlan(
    List<Hold> holds,
    List<Release> releases,
    List<Entry> inForce,
    List<Entry> planned,
    List<Skipped> skipped,
    List<WorkloadRef> affected) {
  public static final BudgetActionPlan NOTHING =
      new BudgetActionPlan(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  public BudgetActionPlan {
    holds = List.copyOf(holds);
    releases = List.copyOf(releases);
    inForce = List.copyOf(inForce);
    planned = List.copyOf(planned);
    skipped = List.copyOf(skipped);
    affected = List.copyOf(affected);
  }

  /** Set these fields (JSON pointer to value) on the workload, holding them for the action. */
  public record Hold(BudgetAction action, WorkloadRef workload, Map<String, JsonNode> changes) {}

  /** Give back what the action holds on the workload. */
  public record Release(BudgetAction action, WorkloadRef workload) {}

  /**
   * An action on a workload.
   *
   * @param keptUserChange a person changed a field the action holds; Costguard keeps their value
   */
  public record Entry(BudgetAction action, WorkloadRef workload, boolean keptUserChange) {}

  public record Skipped(WorkloadRef workload, String reason) {}
}
