package dev.costguard.budget;

import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.budget.BudgetActionPlan.Entry;
import dev.costguard.budget.BudgetActionPlan.Hold;
import dev.costguard.budget.BudgetActionPlan.Release;
import dev.costguard.kube.EventRecorder;
import dev.costguard.kube.HoldConditions;
import dev.costguard.kube.WorkloadPatcher;
import dev.costguard.metrics.BudgetMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Carries out a {@link BudgetActionPlan} with the shared {@link WorkloadPatcher}: one patch per
 * hold or release, each with the workload's {@code resourceVersion}, so a workload changed since it
 * was read is left alone until the next reconcile reads it again. Events on each workload say what
 * was done and why.
 */
final class PlanExecution {
  private final WorkloadPatcher patcher;
  private final EventRecorder events;
  private final BudgetMetrics metrics;

  PlanExecution(WorkloadPatcher patcher, EventRecorder events, BudgetMetrics metrics) {
    this.patcher = patcher;
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * What is in force once the plan is carried out, whether every step succeeded, the holds and
   * releases that were written, and the annotation entries releases ignored (workload to problems).
   */
  record Outcome(
      List<Entry> inForce,
      boolean complete,
      List<Hold> applied,
      List<Release> undone,
      Map<String, String> ignored) {}

  Outcome carryOut(WorkloadBudget budget, BudgetActionPlan plan, ObservedWorkloads observed) {
    String name = budget.getMetadata().getName();
    Map<WorkloadRef, HasMetadata> workloads = new HashMap<>();
    observed.all().forEach(w -> workloads.put(WorkloadRef.of(w), w));
    List<Entry> inForce = new ArrayList<>(plan.inForce());
    boolean complete = true;
    List<Hold> applied = new ArrayList<>();
    List<Release> undone = new ArrayList<>();
    Map<String, String> ignored = new TreeMap<>();
    for (Hold hold : plan.holds()) {
      HasMetadata workload = workloads.get(hold.workload());
      try {
        workloads.put(
            hold.workload(),
            patcher.hold(
                workload, BudgetActionPlanner.holder(name, hold.action()), hold.changes()));
        metrics.countAction(name, hold.action().name());
        applied.add(hold);
        events.normal(
            workload,
            "BudgetActionApplied",
            "WorkloadBudget " + name + " applied " + hold.action() + ": " + describe(hold));
      } catch (KubernetesClientException e) {
        complete = false;
        inForce.removeIf(
            entry -> entry.action() == hold.action() && entry.workload().equals(hold.workload()));
        failed(budget, hold.action() + " on " + hold.workload(), e);
      }
    }
    for (Release release : plan.releases()) {
      HasMetadata workload = workloads.get(release.workload());
      try {
        var released =
            patcher.release(workload, BudgetActionPlanner.holder(name, release.action()));
        workloads.put(release.workload(), released.workload());
        undone.add(release);
        if (!released.ignored().isEmpty()) {
          ignored.put(HoldConditions.workloadName(workload), String.join("; ", released.ignored()));
        }
        String kept =
            released.keptUserChanges().isEmpty()
                ? ""
                : "; kept the values a person set meanwhile at "
                    + String.join(", ", released.keptUserChanges());
        events.normal(
            workload,
            "BudgetActionUndone",
            "WorkloadBudget " + name + " undid " + release.action() + kept);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
          complete = false;
          inForce.add(new Entry(release.action(), release.workload(), false));
          failed(budget, "undoing " + release.action() + " on " + release.workload(), e);
        }
      }
    }
    return new Outcome(
        inForce, complete, List.copyOf(applied), List.copyOf(undone), Map.copyOf(ignored));
  }

  private void failed(WorkloadBudget budget, String what, KubernetesClientException e) {
    String why =
        e.getCode() == HttpURLConnection.HTTP_CONFLICT
            ? "the workload changed since it was read; retrying on the next evaluation"
            : e.getMessage();
    events.warning(budget, "BudgetActionFailed", what + " failed: " + why);
  }

  /** {@code /spec/replicas=1}; a field set to an object or a list by its name alone. */
  private static String describe(Hold hold) {
    return hold.changes().entrySet().stream()
        .map(c -> c.getValue().isContainerNode() ? c.getKey() : c.getKey() + "=" + c.getValue())
        .collect(Collectors.joining(", "));
  }
}
