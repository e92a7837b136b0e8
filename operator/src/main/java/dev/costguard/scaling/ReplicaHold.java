package dev.costguard.scaling;

import dev.costguard.kube.OriginalState;
import java.util.Optional;

/**
 * Why a policy must leave a workload's replicas alone, as the HorizontalPodAutoscaler treats 0
 * replicas as "autoscaling paused": another Costguard holder (a ShutdownSchedule asleep, a budget's
 * Suspend or ScaleToMinimum) holds {@code spec.replicas}, or a person set 0 and the policy may not
 * scale from zero ({@code minReplicas > 0}). Pure: read from the {@code costguard.dev/original}
 * annotation the other capabilities write.
 *
 * @param reason condition reason: {@code HeldByShutdownSchedule}, {@code HeldByWorkloadBudget} (the
 *     holder's kind) or {@code PausedAtZero}
 * @param holder the holder, e.g. {@code ShutdownSchedule/nightly}; {@code null} when a person set 0
 */
public record ReplicaHold(String reason, String holder, String message) {
  static final String REPLICAS = "/spec/replicas";

  public static Optional<ReplicaHold> of(
      OriginalState state, String self, String workload, int replicas, int minReplicas) {
    // The last hold on replicas is the one in force; earlier ones are stacked under it.
    Optional<OriginalState.Hold> holding =
        state.holds().stream()
            .filter(h -> !h.holder().equals(self) && h.fields().containsKey(REPLICAS))
            .reduce((first, second) -> second);
    if (holding.isPresent()) {
      String holder = holding.get().holder();
      String kind = holder.contains("/") ? holder.substring(0, holder.indexOf('/')) : holder;
      return Optional.of(
          new ReplicaHold(
              "HeldBy" + kind,
              holder,
              holder
                  + " holds "
                  + workload
                  + " at "
                  + replicas
                  + " replicas; the policy resumes from the replicas it restores"));
    }
    if (replicas == 0 && minReplicas > 0) {
      return Optional.of(
          new ReplicaHold(
              "PausedAtZero",
              null,
              workload
                  + " has 0 replicas, set by a person: like the HorizontalPodAutoscaler, the policy treats 0 as"
                  + " paused and resumes when replicas are set above 0"));
    }
    return Optional.empty();
  }
}
