package dev.costguard.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What stabilisation and step policies remember, kept in the policy's status so that a restart does
 * not cause a jump. A recommendation is recorded only when it changes, so a settled policy has
 * nothing new to write.
 */
public record ReplicaHistory(List<Recommendation> recommendations, List<ScaleEvent> scaleEvents) {
  /** From {@code since} on, the metrics recommended {@code replicas}. */
  public record Recommendation(Instant since, int replicas) {}

  /** At {@code time} the policy added (positive) or removed (negative) replicas. */
  public record ScaleEvent(Instant time, int change) {}

  public static final ReplicaHistory EMPTY = new ReplicaHistory(List.of(), List.of());

  public ReplicaHistory {
    recommendations = List.copyOf(recommendations);
    scaleEvents = List.copyOf(scaleEvents);
  }

  /**
   * Records the recommendation at {@code now} and forgets what ended more than {@code keep} ago
   * (the entry in force at {@code now - keep} stays: it still covers the window's start).
   */
  public ReplicaHistory recommend(Instant now, int replicas, Duration keep) {
    List<Recommendation> updated = new ArrayList<>(recommendations);
    if (updated.isEmpty() || updated.get(updated.size() - 1).replicas() != replicas) {
      updated.add(new Recommendation(now, replicas));
    }
    Instant horizon = now.minus(keep);
    while (updated.size() > 1 && !updated.get(1).since().isAfter(horizon)) {
      updated.remove(0);
    }
    return new ReplicaHistory(updated, scaleEvents);
  }

  /** Records a change of replicas and forgets changes older than any step-policy period. */
  public ReplicaHistory scaled(Instant now, int change) {
    Instant horizon = now.minus(ScalingRules.LONGEST_PERIOD);
    List<ScaleEvent> updated = new ArrayList<>();
    scaleEvents.stream().filter(e -> e.time().isAfter(horizon)).forEach(updated::add);
    updated.add(new ScaleEvent(now, change));
    return new ReplicaHistory(recommendations, updated);
  }

  /** Lowest recommendation in force at any time in {@code [now - window, now]}. */
  int lowestWithin(Instant now, Duration window) {
    return inForceWithin(now, window).stream()
        .mapToInt(Recommendation::replicas)
        .min()
        .orElseThrow();
  }

  /** Highest recommendation in force at any time in {@code [now - window, now]}. */
  int highestWithin(Instant now, Duration window) {
    return inForceWithin(now, window).stream()
        .mapToInt(Recommendation::replicas)
        .max()
        .orElseThrow();
  }

  /** Replicas added (sum of positive changes) within {@code period} before {@code now}. */
  int addedWithin(Instant now, Duration period) {
    Instant from = now.minus(period);
    return scaleEvents.stream()
        .filter(e -> e.time().isAfter(from) && e.change() > 0)
        .mapToInt(ScaleEvent::change)
        .sum();
  }

  /** Replicas removed (as a positive number) within {@code period} before {@code now}. */
  int removedWithin(Instant now, Duration period) {
    Instant from = now.minus(period);
    return -scaleEvents.stream()
        .filter(e -> e.time().isAfter(from) && e.change() < 0)
        .mapToInt(ScaleEvent::change)
        .sum();
  }

  private List<Recommendation> inForceWithin(Instant now, Duration window) {
    Instant from = now.minus(window);
    List<Recommendation> inForce = new ArrayList<>();
    for (int i = 0; i < recommendations.size(); i++) {
      boolean endsAfterStart =
          i == recommendations.size() - 1 || recommendations.get(i + 1).since().isAfter(from);
      if (endsAfterStart && !recommendations.get(i).since().isAfter(now)) {
        inForce.add(recommendations.get(i));
      }
    }
    return inForce;
  }
}
