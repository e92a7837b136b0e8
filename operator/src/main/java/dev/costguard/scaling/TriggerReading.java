package dev.costguard.scaling;

import java.time.Duration;
import java.time.Instant;

/**
 * The last value of one trigger with the band it is judged against. A value that is missing or
 * older than {@code maxAge} is unknown: it may never cause a scale-down.
 *
 * @param trigger name used in status and metrics, e.g. {@code cpu} or {@code prometheus-1}
 * @param value the value, or {@code null} when unknown
 * @param observedAt when the value was measured; {@code null} when unknown
 * @param unknownReason why the value is unknown, when it is
 */
public record TriggerReading(
    String trigger,
    Double value,
    Instant observedAt,
    String unknownReason,
    double scaleUpAbove,
    double scaleDownBelow,
    Duration maxAge) {

  public static TriggerReading known(
      String trigger, double value, Instant observedAt, double scaleUpAbove, double scaleDownBelow, Duration maxAge) {
    return new TriggerReading(trigger, value, observedAt, null, scaleUpAbove, scaleDownBelow, maxAge);
  }

  public static TriggerReading unknown(
      String trigger, String reason, double scaleUpAbove, double scaleDownBelow, Duration maxAge) {
    return new TriggerReading(trigger, null, null, reason, scaleUpAbove, scaleDownBelow, maxAge);
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
