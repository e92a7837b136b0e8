package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.MetricTarget;
import dev.costguard.api.v1alpha1.ScalingTrigger;

/**
 * What a trigger aims at, in the units of its value: a HorizontalPodAutoscaler target, or a band
 * read as a target at its middle whose edges are the tolerance.
 *
 * @param kind how value and target compare: Utilization (percent of the pods' requests),
 *     AverageValue (per pod) or Value (the whole value)
 * @param upTolerance for a band, how far value / target may exceed 1 before scaling up; {@code
 *     null} for a target, whose tolerance comes from behavior
 * @param downTolerance likewise below 1
 */
public record Aim(Kind kind, double target, Double upTolerance, Double downTolerance) {
  public enum Kind {
    Utilization,
    AverageValue,
    Value
  }

  public static Aim target(Kind kind, double target) {
    return new Aim(kind, target, null, null);
  }

  /** A band {@code (down, up)}: the middle is the target, the edges are where it may drift. */
  public static Aim band(Kind kind, double scaleUpAbove, double scaleDownBelow) {
    double middle = (scaleUpAbove + scaleDownBelow) / 2;
    return new Aim(kind, middle, scaleUpAbove / middle - 1, 1 - scaleDownBelow / middle);
  }

  public boolean isBand() {
    return upTolerance != null;
  }

  /** The band edge (or target) a value is judged against, for messages. */
  double scaleUpAbove() {
    return isBand() ? target * (1 + upTolerance) : target;
  }

  double scaleDownBelow() {
    return isBand() ? target * (1 - downTolerance) : target;
  }

  /** The trigger's aim as its spec writes it; resource triggers in a band aim at utilisation. */
  public static Aim of(ScalingTrigger trigger) {
    boolean podMetric = trigger.type != ScalingTrigger.TriggerType.Prometheus;
    if (trigger.target == null) {
      double up = trigger.scaleUpAbove == null ? 0 : trigger.scaleUpAbove;
      double down = trigger.scaleDownBelow == null ? 0 : trigger.scaleDownBelow;
      return band(podMetric ? Kind.Utilization : Kind.Value, up, down);
    }
    MetricTarget target = trigger.target;
    return switch (target.type) {
      case Utilization ->
          target(
              Kind.Utilization, target.averageUtilization == null ? 0 : target.averageUtilization);
      case AverageValue -> target(Kind.AverageValue, amount(target.averageValue));
      case Value -> target(Kind.Value, amount(target.value));
    };
  }

  private static double amount(io.fabric8.kubernetes.api.model.Quantity quantity) {
    return quantity == null ? 0 : quantity.getNumericalAmount().doubleValue();
  }

  /** e.g. {@code "70% of requests"}, {@code "band 40..70"}. */
  String describe() {
    if (isBand()) {
      return "band "
          + ReplicaCalculator.format(scaleDownBelow())
          + ".."
          + ReplicaCalculator.format(scaleUpAbove());
    }
    return switch (kind) {
      case Utilization -> "target " + ReplicaCalculator.format(target) + "% of requests";
      case AverageValue -> "target " + ReplicaCalculator.format(target) + " per pod";
      case Value -> "target " + ReplicaCalculator.format(target);
    };
  }
}
