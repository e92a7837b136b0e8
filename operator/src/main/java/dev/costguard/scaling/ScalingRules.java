package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.ScalingBehavior;
import dev.costguard.api.v1alpha1.ScalingBehavior.SelectPolicy;
import dev.costguard.api.v1alpha1.ScalingBehavior.StepType;
import java.time.Duration;
import java.util.List;

/**
 * One direction of HPA-style behaviour with the HorizontalPodAutoscaler defaults filled in: scale
 * up without stabilisation by 100% or 4 pods per 15 s, whichever is more; scale down after 300 s of
 * stabilisation by up to 100% per 15 s; in both directions a tolerance of 0.1.
 */
public record ScalingRules(
    Duration stabilizationWindow,
    SelectPolicy selectPolicy,
    List<StepLimit> limits,
    double tolerance) {
  /**
   * The HorizontalPodAutoscaler's default tolerance: no change while value / target is within 10%
   * of 1.
   */
  public static final double DEFAULT_TOLERANCE = 0.1;

  public ScalingRules(
      Duration stabilizationWindow, SelectPolicy selectPolicy, List<StepLimit> limits) {
    this(stabilizationWindow, selectPolicy, limits, DEFAULT_TOLERANCE);
  }

  /** Longest periodSeconds the API accepts: scale events older than this never matter. */
  public static final Duration LONGEST_PERIOD = Duration.ofSeconds(1800);

  /** At most {@code value} pods or percent of the replicas at the period start, per period. */
  public record StepLimit(StepType type, int value, Duration period) {}

  public static final ScalingRules DEFAULT_SCALE_UP =
      new ScalingRules(
          Duration.ZERO,
          SelectPolicy.Max,
          List.of(
              new StepLimit(StepType.Percent, 100, Duration.ofSeconds(15)),
              new StepLimit(StepType.Pods, 4, Duration.ofSeconds(15))));

  public static final ScalingRules DEFAULT_SCALE_DOWN =
      new ScalingRules(
          Duration.ofSeconds(300),
          SelectPolicy.Max,
          List.of(new StepLimit(StepType.Percent, 100, Duration.ofSeconds(15))));

  public static ScalingRules scaleUp(ScalingBehavior behavior) {
    return merge(behavior == null ? null : behavior.scaleUp, DEFAULT_SCALE_UP);
  }

  public static ScalingRules scaleDown(ScalingBehavior behavior) {
    return merge(behavior == null ? null : behavior.scaleDown, DEFAULT_SCALE_DOWN);
  }

  /** Fields left out take the default, as in the HorizontalPodAutoscaler. */
  private static ScalingRules merge(ScalingBehavior.Rules rules, ScalingRules defaults) {
    if (rules == null) {
      return defaults;
    }
    Duration window =
        rules.stabilizationWindowSeconds == null
            ? defaults.stabilizationWindow()
            : Duration.ofSeconds(rules.stabilizationWindowSeconds);
    SelectPolicy select = rules.selectPolicy == null ? defaults.selectPolicy() : rules.selectPolicy;
    List<StepLimit> limits =
        rules.policies == null || rules.policies.isEmpty()
            ? defaults.limits()
            : rules.policies.stream()
                .map(p -> new StepLimit(p.type, p.value, Duration.ofSeconds(p.periodSeconds)))
                .toList();
    double tolerance = rules.tolerance == null ? defaults.tolerance() : rules.tolerance;
    return new ScalingRules(window, select, limits, tolerance);
  }
}
