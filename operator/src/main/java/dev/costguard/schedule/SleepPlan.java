package dev.costguard.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * What a shutdown schedule does to the workloads it sees, decided by {@link SleepPlanner}.
 *
 * @param steps one per workload that needs an action or a report, autoscalers first when going to
 *     sleep and last when waking, so nothing scales a workload between the two writes
 * @param sleepers Deployments and StatefulSets the schedule puts to sleep in its namespaces
 *     (whatever the current state), for the savings estimate
 */
public record SleepPlan(List<Step> steps, List<Sleeper> sleepers) {

  public SleepPlan {
    steps = List.copyOf(steps);
    sleepers = List.copyOf(sleepers);
  }

  public enum Action {
    /** Hold the changes (a no-op request-free call when they are already in place). */
    Sleep,
    /** Release what this schedule holds: restore the original, keep what a person changed. */
    Wake,
    /** Asleep, but a person changed what the schedule set: left as they set it until wake. */
    LeftAsPersonSet,
    /** The original-state annotation is unreadable: the workload is not touched. */
    UnreadableOriginal,
    /**
     * Already at or below {@code sleepReplicas}: sleep only ever lowers, so it is left as it is.
     */
    AtOrBelowSleepReplicas
  }

  /**
   * @param changes pointer to value, for {@link Action#Sleep}
   * @param writes whether acting on this step changes the workload
   * @param detail the pointers a person changed, or why the annotation is unreadable
   */
  public record Step(
      HasMetadata workload,
      SleepableKind kind,
      Action action,
      Map<String, JsonNode> changes,
      boolean writes,
      List<String> detail) {

    /** namespace/Kind/name, as status and events name workloads. */
    public String workloadName() {
      return SleepPlanner.nameOf(workload);
    }
  }

  /** A workload that sleeps, and how many of its replicas sleep. */
  public record Sleeper(HasMetadata workload, int sleepingReplicas) {}

  public List<Step> steps(Action action) {
    return steps.stream().filter(s -> s.action() == action).toList();
  }

  /** Deployments, StatefulSets and CronJobs asleep once this plan is carried out. */
  public long sleepingWorkloads() {
    return steps(Action.Sleep).stream().filter(s -> !s.kind().isAutoscaler()).count();
  }

  /** Steps that write a workload, as dry run reports them. */
  public List<Step> writes() {
    return steps.stream().filter(Step::writes).toList();
  }
}
