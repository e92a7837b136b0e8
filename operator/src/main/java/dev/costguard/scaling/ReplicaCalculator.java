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
 * The replica decision, pure. Triggers recommend replicas from their bands; the recommendation is
 * stabilised and rate-limited as the HorizontalPodAutoscaler does it; then the floor (minReplicas,
 * schedules) and the ceiling (maxReplicas, budget) apply, immediately.
 *
 * <p>A trigger above its scaleUpAbove asks for enough replicas to bring its value to the middle of
 * its band (at least one more); below scaleDownBelow likewise (at least one fewer). Any trigger
 * asking up scales up; only all triggers known and asking down scale down.
 */
public final class ReplicaCalculator {
  private ReplicaCalculator() {}

  public static ScalingDecision decide(ScalingInput in) {
    Instant now = in.now();
    int current = in.currentReplicas();
    Recommendation metrics = recommend(in.readings(), current, now);

    Duration keep = max(in.scaleUp().stabilizationWindow(), in.scaleDown().stabilizationWindow());
    ReplicaHistory history = in.history().recommend(now, metrics.replicas(), keep);
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
        ceilingWhy = "the budget's remaining money pays for " + budget.affordableReplicas().getAsInt() + " replicas until period end";
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
    if (desired == ceiling && (rateLimited > ceiling || metrics.replicas() > ceiling || wantedFloor > ceiling)) {
      limitedBy = ceilingBy;
    } else if (desired == floor && floorBySchedule && rateLimited < floor) {
      limitedBy = LimitedBy.Schedule;
    }

    Direction direction = desired > current ? Direction.Up : desired < current ? Direction.Down : Direction.None;
    String reason;
    String explanation;
    if (direction == Direction.Up && rateLimited < floor) {
      reason = floorBySchedule ? "Schedule" : "MinReplicas";
      explanation = floorBySchedule ? "a schedule window keeps at least " + floor + " replicas" : "minReplicas is " + floor;
    } else if (direction == Direction.Down && rateLimited > ceiling) {
      reason = ceilingBy.name();
      explanation = ceilingWhy;
    } else if (direction == Direction.None && limitedBy != null) {
      reason = limitedBy.name();
      explanation = limitedBy == LimitedBy.Schedule ? "a schedule window keeps at least " + floor + " replicas" : ceilingWhy;
    } else {
      reason = "Metrics";
      explanation = metrics.explanation();
    }
    return new ScalingDecision(
        desired, floor, ceiling, direction, reason, explanation, limitedBy, history, metrics.unknown());
  }

  /** What the triggers alone ask for, with the sentence that says why. */
  private record Recommendation(int replicas, String explanation, List<String> unknown) {}

  private static Recommendation recommend(List<TriggerReading> readings, int current, Instant now) {
    List<String> unknown = new ArrayList<>();
    List<String> up = new ArrayList<>();
    List<String> down = new ArrayList<>();
    int upTo = current;
    int downTo = -1;
    for (TriggerReading reading : readings) {
      if (!reading.isKnownAt(now)) {
        unknown.add(reading.trigger() + ": " + reading.unknownReasonAt(now));
        continue;
      }
      double value = reading.value();
      if (value > reading.scaleUpAbove()) {
        upTo = Math.max(upTo, towardsBandMiddle(reading, current, true));
        up.add(reading.trigger() + " " + format(value) + " above " + format(reading.scaleUpAbove()));
      } else if (value < reading.scaleDownBelow()) {
        downTo = Math.max(downTo, towardsBandMiddle(reading, current, false));
        down.add(reading.trigger() + " " + format(value) + " below " + format(reading.scaleDownBelow()));
      }
    }
    if (!up.isEmpty()) {
      return new Recommendation(upTo, String.join(", ", up), unknown);
    }
    if (!readings.isEmpty() && down.size() == readings.size()) {
      return new Recommendation(downTo, String.join(", ", down), unknown);
    }
    String why =
        readings.isEmpty() ? "no triggers"
            : !unknown.isEmpty() ? "metrics unknown, holding: " + String.join("; ", unknown)
            : "metrics within their bands";
    return new Recommendation(current, why, unknown);
  }

  private static int towardsBandMiddle(TriggerReading reading, int current, boolean up) {
    double middle = (reading.scaleUpAbove() + reading.scaleDownBelow()) / 2;
    if (current == 0) {
      return up ? 1 : 0;
    }
    if (middle <= 0) {
      return up ? current + 1 : current - 1;
    }
    int proportional = (int) Math.ceil(current * reading.value() / middle);
    return up ? Math.max(current + 1, proportional) : Math.max(0, Math.min(current - 1, proportional));
  }

  /** HPA stabilisation: up to the lowest recent recommendation, down to the highest. */
  private static int stabilise(ReplicaHistory history, int current, ScalingRules up, ScalingRules down, Instant now) {
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
      int desired, int current, ReplicaHistory history, ScalingRules up, ScalingRules down, Instant now) {
    if (desired > current) {
      if (up.selectPolicy() == SelectPolicy.Disabled) {
        return current;
      }
      int limit = up.selectPolicy() == SelectPolicy.Max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
      for (StepLimit step : up.limits()) {
        int periodStart = current - history.addedWithin(now, step.period()) + history.removedWithin(now, step.period());
        int proposed = step.type() == StepType.Pods
            ? periodStart + step.value()
            : (int) Math.ceil(periodStart * (1 + step.value() / 100.0));
        limit = up.selectPolicy() == SelectPolicy.Max ? Math.max(limit, proposed) : Math.min(limit, proposed);
      }
      return Math.min(desired, Math.max(limit, current));
    }
    if (desired < current) {
      if (down.selectPolicy() == SelectPolicy.Disabled) {
        return current;
      }
      int limit = down.selectPolicy() == SelectPolicy.Max ? Integer.MAX_VALUE : Integer.MIN_VALUE;
      for (StepLimit step : down.limits()) {
        int periodStart = current + history.removedWithin(now, step.period()) - history.addedWithin(now, step.period());
        int proposed = step.type() == StepType.Pods
            ? periodStart - step.value()
            : (int) (periodStart * (1 - step.value() / 100.0));
        limit = down.selectPolicy() == SelectPolicy.Max ? Math.min(limit, proposed) : Math.max(limit, proposed);
      }
      return Math.max(desired, Math.min(limit, current));
    }
    return desired;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
  }
}
