package dev.costguard.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The last value of one trigger with what it aims at. A value that is missing or older than {@code
 * maxAge} is unknown: it may never cause a scale-down.
 *
 * @param trigger name used in status and metrics, e.g. {@code cpu} or {@code prometheus-1}
 * @param value the value, or {@code null} when unknown; for a resource trigger the utilisation
 *     (percent) or the average per pod over the ready pods that report
 * @param observedAt when the value was measured; {@code null} when unknown
 * @param unknownReason why the value is unknown, when it is
 * @param podMetrics for a resource trigger, each existing pod's sample by pod name (usage {@code
 *     null} when it has none yet); {@code null} for a trigger with one value (Prometheus)
 */
public record TriggerReading(
    String trigger,
    Double value,
    Instant observedAt,
    String unknownReason,
    Aim aim,
    Duration maxAge,
    Map<String, PodMetric> podMetrics) {

  public TriggerReading {
    podMetrics = podMetrics == null ? null : Map.copyOf(podMetrics);
  }

  public static TriggerReading known(
      String trigger, double value, Instant observedAt, Aim aim, Duration maxAge) {
    return new TriggerReading(trigger, value, observedAt, null, aim, maxAge, null);
  }

  /** A band trigger with one value, e.g. a Prometheus query judged against 30..85. */
  public static TriggerReading known(
      String trigger,
      double value,
      Instant observedAt,
      double scaleUpAbove,
      double scaleDownBelow,
      Duration maxAge) {
    return known(
        trigger, value, observedAt, Aim.band(Aim.Kind.Value, scaleUpAbove, scaleDownBelow), maxAge);
  }

  /** A resource trigger: the aggregate value for status and each pod's sample for the decision. */
  public static TriggerReading ofPods(
      String trigger,
      double value,
      Instant observedAt,
      Aim aim,
      Duration maxAge,
      Map<String, PodMetric> podMetrics) {
    return new TriggerReading(trigger, value, observedAt, null, aim, maxAge, podMetrics);
  }

  public static TriggerReading unknown(String trigger, String reason, Aim aim, Duration maxAge) {
    return new TriggerReading(trigger, null, null, reason, aim, maxAge, null);
  }

  public static TriggerReading unknown(
      String trigger, String reason, double scaleUpAbove, double scaleDownBelow, Duration maxAge) {
    return unknown(trigger, reason, Aim.band(Aim.Kind.Value, scaleUpAbove, scaleDownBelow), maxAge);
  }

  /**
   * Whether the pods' CPU readiness rules apply: triggers on CPU are named {@code cpu}, or {@code
   * cpu/<container>} for one container.
   */
  public boolean isCpu() {
    return podMetrics != null && (trigger.equals("cpu") || trigger.startsWith("cpu/"));
  }

  /** Whether the value can be trusted at {@code now}. */
  public boolean isKnownAt(Instant now) {
    return value != null
        && !value.isNaN()
        && !value.isInfinite()
        && observedAt != null
        && !observedAt.plus(maxAge).isBefore(now);
  }

  /** Why the value cannot be trusted at {@code now}, or {@code null} when it can. */
  public String unknownReasonAt(Instant now) {
    if (isKnownAt(now)) {
      return null;
    }
    if (unknownReason != null) {
      return unknownReason;
    }
    if (value == null || value.isNaN() || value.isInfinite()) {
      return "value is not a number";
    }
    return "value is stale: observed at " + observedAt + ", older than " + maxAge.toSeconds() + "s";
  }
}
