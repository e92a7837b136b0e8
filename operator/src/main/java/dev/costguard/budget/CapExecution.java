package dev.costguard.budget;

import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.kube.EventRecorder;
import dev.costguard.kube.WorkloadPatcher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Carries out the cap's {@link CapPlanner.Step}s with the shared {@link WorkloadPatcher}: each hold
 * travels with its original in one patch with the workload's {@code resourceVersion}; a workload
 * changed since it was read is left for the next evaluation. Events on the workload say what the
 * cap did and why.
 */
final class CapExecution {
  private final WorkloadPatcher patcher;
  private final EventRecorder events;

  CapExecution(WorkloadPatcher patcher, EventRecorder events) {
    this.patcher = patcher;
    this.events = events;
  }

  /** Whether every step succeeded (a vanished workload counts as released). */
  boolean carryOut(
      WorkloadBudget budget, List<CapPlanner.Step> steps, ObservedWorkloads observed, String why) {
    String name = budget.getMetadata().getName();
    String holder = CapPlanner.holder(name);
    Map<WorkloadRef, HasMetadata> workloads = new HashMap<>();
    observed.all().forEach(w -> workloads.put(WorkloadRef.of(w), w));
    boolean complete = true;
    for (CapPlanner.Step step : steps) {
      HasMetadata workload = workloads.get(step.workload());
      if (workload == null) {
        continue;
      }
      try {
        if (step.release()) {
          var released = patcher.release(workload, holder);
          workloads.put(step.workload(), released.workload());
          events.normal(
              workload,
              "BudgetCapLifted",
              "WorkloadBudget "
                  + name
                  + " no longer caps it: "
                  + why
                  + (released.keptUserChanges().isEmpty()
                      ? ""
                      : "; kept the values a person set at "
                          + String.join(", ", released.keptUserChanges())));
        } else {
          HasMetadata after = patcher.hold(workload, holder, step.changes());
          workloads.put(step.workload(), after);
          if (after != workload) {
            events.normal(
                workload,
                "BudgetCapApplied",
                "WorkloadBudget "
                    + name
                    + " caps it at "
                    + step.changes().entrySet().stream()
                        .map(c -> c.getKey() + "=" + c.getValue())
                        .collect(Collectors.joining(", "))
                    + ": "
                    + why);
          }
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          continue;
        }
        complete = false;
        events.warning(
            budget,
            "BudgetCapFailed",
            (step.release() ? "lifting the cap on " : "capping ")
                + step.workload()
                + " failed: "
                + (e.getCode() == HttpURLConnection.HTTP_CONFLICT
                    ? "the workload changed since it was read; retrying on the next evaluation"
                    : e.getMessage()));
      }
    }
    return complete;
  }
}
