package dev.costguard.scaling;

import java.util.List;

/**
 * What the policy wants: the desired replicas, which way and why, and what held it back.
 *
 * @param minimum the floor in force (minReplicas raised by schedules, lowered by a budget cap)
 * @param maximum the ceiling in force (maxReplicas lowered by the budget)
 * @param reason Metrics, Schedule, Budget, MaxReplicas or MinReplicas: what moved replicas
 * @param explanation a sentence for events and conditions
 * @param limitedBy what held desired replicas back, or {@code null}
 * @param history the history with this reconcile's recommendation (not yet the scale itself)
 * @param unknownTriggers {@code "<trigger>: <why its value is unknown>"}, one per unknown trigger
 */
public record ScalingDecision(
    int desiredReplicas,
    int minimum,
    int maximum,
    Direction direction,
    String reason,
    String explanation,
    LimitedBy limitedBy,
    ReplicaHistory history,
    List<String> unknownTriggers) {

  public enum Direction {
    Up,
    Down,
    None
  }

  public enum LimitedBy {
    MaxReplicas,
    Budget,
    Schedule
  }
}
