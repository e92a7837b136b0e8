package dev.costguard.scaling;

import java.time.Instant;
import java.util.List;

/**
 * Everything the replica decision reads, observed once per reconcile.
 *
 * @param scheduledMinimum the highest minReplicas of the open schedule windows, 0 when none
 * @param readings one per trigger, in the order of spec.triggers; empty when an HPA or ScaledObject
 *     scales on its own metrics and the policy only bounds it
 * @param pods the target's pods that exist, for the ratio over ready pods
 */
public record ScalingInput(
    Instant now,
    int currentReplicas,
    int minReplicas,
    int maxReplicas,
    int scheduledMinimum,
    BudgetCeiling budget,
    List<TriggerReading> readings,
    ScalingRules scaleUp,
    ScalingRules scaleDown,
    ReplicaHistory history,
    List<PodState> pods) {
  public ScalingInput {
    pods = pods == null ? List.of() : List.copyOf(pods);
  }

  public ScalingInput(
      Instant now,
      int currentReplicas,
      int minReplicas,
      int maxReplicas,
      int scheduledMinimum,
      BudgetCeiling budget,
      List<TriggerReading> readings,
      ScalingRules scaleUp,
      ScalingRules scaleDown,
      ReplicaHistory history) {
    this(
        now,
        currentReplicas,
        minReplicas,
        maxReplicas,
        scheduledMinimum,
        budget,
        readings,
        scaleUp,
        scaleDown,
        history,
        List.of());
  }
}
