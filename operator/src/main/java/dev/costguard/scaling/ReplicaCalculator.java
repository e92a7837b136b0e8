package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.ScalingBehavior.SelectPolicy;
import dev.costguard.api.v1alpha1.ScalingBehavior.StepType;
import dev.costguard.scaling.ScalingDecision.Direction;
import dev.costguard.scaling.ScalingDecision.LimitedBy;
import dev.costguard.scaling.ScalingRules.StepLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The replica decision, pure. Each trigger proposes replicas as the HorizontalPodAutoscaler's
 * replica calculator does ({@link MetricReplicas}), the highest wins; the recommendation is
 * stabilised and rate-limited as the HPA does it; then the floor (minReplicas, schedules) and the
 * ceiling (maxReplicas, budget) apply, immediately.
 *
 * <p>A band is a target at its middle whose edges are the tolerance: above scaleUpAbove the trigger
 * asks for ceil(replicas × value / middle), below scaleDownBelow likewise, in between it holds.
 * There is no "at least one replica" step: that made a steady load near an edge flap.
 */
public final class ReplicaCalculator {
  private ReplicaCalculator() {}

  public static ScalingDecision decide(ScalingInput in) {
    Instant now = in.now();
    int current = in.currentReplicas();
    Recommendation metrics = recommend(in);

    Duration keep = max(in.scaleUp().stabilizationWindow(), in.scaleDown().stabilizationWindow());
    // As the HPA does for a new autoscaler: a policy without history starts from the replicas the
    // workload has, so its first scale-down waits out the stabilisation window.
    ReplicaHistory seeded =
        in.history().recommendations().isEmpty()
            ? in.history().recommend(now, current, keep)
            : in.history();
    ReplicaHistory history = seeded.recommend(now, metrics.replicas(), keep);
    int stabilised = stabilise(history, current, in.scaleUp(), in.scaleDown(), now);
    int rateLimited = limitRate(stabilised, current, history, in.scaleUp(), in.scaleDown(), now);

    int ceiling = in.maxReplicas();
    LimitedBy ceilingBy = LimitedBy.MaxReplicas;
    String ceilingWhy = "maxReplicas is " + in.maxReplicas();
    BudgetCeiling budget = in.budget();
    if (budget.affordableReplicas().isPresent()) {
      int affordable = Math.max(in.minReplicas(), budget.affordableReplicas().getAsInt());
      if (affordable < ceiling) {
        ceiling = affordable;
        ceilingBy = LimitedBy.Budget;
        ceilingWhy =
            "the budget's remaining money pays for "
                + budget.affordableReplicas().getAsInt()
                + " replicas until period end";
      }
    }
    if (budget.blockScaleUp() && Math.max(current, in.minReplicas()) < ceiling) {
      ceiling = Math.max(current, in.minReplicas());
      ceilingBy = LimitedBy.Budget;
      ceilingWhy = "the budget blocks scale-up";
    }
    if (budget.scaleToMinimum()) {
      ceiling = in.minReplicas();
      ceilingBy = LimitedBy.Budget;
      ceilingWhy = "the budget scales to the minimum";
    }
    // Money is the hard limit: a schedule cannot raise the floor above what the budget allows.
    int wantedFloor = Math.max(in.minReplicas(), in.scheduledMinimum());
    int floor = Math.min(ceiling, wantedFloor);
    boolean floorBySchedule = in.scheduledMinimum() > in.minReplicas();

    int desired = Math.max(floor, Math.min(ceiling, rateLimited));
    LimitedBy limitedBy = null;
    if (desired == ceiling
        && (rateLimited > ceiling || metrics.replicas() > ceiling || wantedFloor > ceiling)) {
      limitedBy = ceilingBy;
    } else if (desired == floor && floorBySchedule && rateLimited < floor) {
      limitedBy = LimitedBy.Schedule;
    }

    Direction direction =
        desired > current ? Direction.Up : desired < current ? Direction.Down : Direction.None;
    String reason;
    String explanation;
    if (direction == Direction.Up && rateLimited < floor) {
      reason = floorBySchedule ? "Schedule" : "MinReplicas";
      explanation =
          floorBySchedule
              ? "a schedule window keeps at least " + floor + " replicas"
              : "minReplicas is " + floor;
    } else if (direction == Direction.Down && rateLimited > ceiling) {
      reason = ceilingBy.name();
      explanation = ceilingWhy;
    } else if (direction == Direction.None && limitedBy != null) {
      reason = limitedBy.name();
      explanation =
          limitedBy == LimitedBy.Schedule
              ? "a schedule window keeps at least " + floor + " replicas"
              : ceilingWhy;
    } else {
      reason = "Metrics";
      explanation = metrics.explanation();
    }
    return new ScalingDecision(
        desired,
        floor,
        ceiling,
        direction,
        reason,
        explanation,
        limitedBy,
        history,
        metrics.unknown());
  }

  /** What the triggers alone ask for, with the sentence that says why. */
  private record Recommendation(int replicas, String explanation, List<String> unknown) {}

  /**
   * The HPA's rule for several metrics: the highest proposal wins; a trigger that cannot say blocks
   * a scale-down (but not a scale-up), so an unknown value never removes capacity.
   */
  private static Recommendation recommend(ScalingInput in) {
    Instant now = in.now();
    int current = in.currentReplicas();
    List<String> unknown = new ArrayList<>();
    List<String> why = new ArrayList<>();
    int highest = -1;
    for (TriggerReading reading : in.readings()) {
      if (!reading.isKnownAt(now)) {
        unknown.add(reading.trigger() + ": " + reading.unknownReasonAt(now));
        continue;
      }
      Aim aim = reading.aim();
      MetricReplicas.Tolerance tolerance =
          aim.isBand()
              ? new MetricReplicas.Tolerance(aim.upTolerance(), aim.downTolerance())
              : new MetricReplicas.Tolerance(in.scaleUp().tolerance(), in.scaleDown().tolerance());
      MetricReplicas.Proposal proposal =
          MetricReplicas.propose(reading, current, in.pods(), tolerance, reading.isCpu(), now);
      if (!proposal.isKnown()) {
        unknown.add(reading.trigger() + ": " + proposal.unknownReason());
        continue;
      }
      highest = Math.max(highest, proposal.replicas());
      why.add(describe(reading, proposal.replicas(), current));
    }
    if (highest < 0) {
      String reason =
          in.readings().isEmpty()
              ? "no triggers"
              : "metrics unknown, holding: " + String.join("; ", unknown);
      return new Recommendation(current, reason, unknown);
    }
    if (!unknown.isEmpty() && highest < current) {
      return new Recommendation(
          current, "metrics unknown, holding: " + String.join("; ", unknown), unknown);
    }
    return new Recommendation(highest, String.join(", ", why), unknown);
  }

  /**
   * e.g. {@code "cpu 90 above 70"} (band) or {@code "cpu 90 against target 60% of requests, asks
   * 6"}.
   */
  private static String describe(TriggerReading reading, int proposed, int current) {
    Aim aim = reading.aim();
    String value = reading.trigger() + " " + format(reading.value());
    if (aim.isBand()) {
      if (proposed > current) {
        return value + " above " + format(aim.scaleUpAbove());
      }
      if (proposed < current) {
        return value + " below " + format(aim.scaleDownBelow());
      }
      return value + " within " + aim.describe();
    }
    return value + " against " + aim.describe() + ", asks " + proposed;
  }

  /** HPA stabilisation: up to the lowest recent recommendation, down to the highest. */
  private static int stabilise(
      ReplicaHistory history, int current, ScalingRules up, ScalingRules down, Instant now) {
    int upRecommendation = history.lowestWithin(now, up.stabilizationWindow());
    int downRecommendation = history.highestWithin(now, down.stabilizationWindow());
    int recommendation = current;
    if (recommendation < upRecommendation) {
      recommendation = upRecommendation;
    }
    if (recommendation > downRecommendation) {
      recommendation = downRecommendation;
    }
    return recommendation;
  }

  /** HPA step policies, counted from the replicas at the start of each policy's period. */
  private static int limitRate(
      int desired,
      int current,
      ReplicaHistory history,
      ScalingRules up,
      ScalingRules down,
      Instant now) {
    if (desired > current) {
      if (up.selectPolicy() == SelectPolicy.Disabled) {
        return current;
      }
      int limit = up.selectPolicy() == SelectPolicy.Max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
      for (StepLimit step : up.limits()) {
        int periodStart =
            current
                - history.addedWithin(now, step.period())
                + history.removedWithin(now, step.period());
        int proposed =
            step.type() == StepType.Pods
                ? periodStart + step.value()
                : (int) Math.ceil(periodStart * (1 + step.value() / 100.0));
        limit =
            up.selectPolicy() == SelectPolicy.Max
                ? Math.max(limit, proposed)
                : Math.min(limit, proposed);
      }
      return Math.min(desired, Math.max(limit, current));
    }
    if (desired < current) {
      if (down.selectPolicy() == SelectPolicy.Disabled) {
        return current;
      }
      int limit = down.selectPolicy() == SelectPolicy.Max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
      for (StepLimit step : down.limits()) {
        int periodStart =
            current
                + history.removedWithin(now, step.period())
                - history.addedWithin(now, step.period());
        int proposed =
            step.type() == StepType.Pods
                ? periodStart - step.value()
                : (int) (periodStart * (1 - step.value() / 100.0));
        limit =
            down.selectPolicy() == SelectPolicy.Max
                ? Math.min(limit, proposed)
                : Math.max(limit, proposed);
      }
      return Math.max(desired, Math.min(limit, current));
    }
    return desired;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static String format(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(java.util.Locale.ROOT, "%.2f", value);
  }
}
