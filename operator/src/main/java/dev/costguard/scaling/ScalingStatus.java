package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.ScalingPolicyStatus;
import dev.costguard.kube.Timestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** Converts between the decision's history and readings and the policy's status fields. */
final class ScalingStatus {
  private ScalingStatus() {}

  /** A fresh status that keeps what must survive: conditions, history, last scale. */
  static ScalingPolicyStatus carriedOver(ScalingPolicyStatus previous) {
    ScalingPolicyStatus status = new ScalingPolicyStatus();
    if (previous != null) {
      status.conditions.addAll(previous.conditions);
      status.recommendations.addAll(previous.recommendations);
      status.scaleEvents.addAll(previous.scaleEvents);
      status.metrics.addAll(previous.metrics);
      status.lastScaleTime = previous.lastScaleTime;
      status.currentReplicas = previous.currentReplicas;
      status.desiredReplicas = previous.desiredReplicas;
      status.scaledVia = previous.scaledVia;
      status.limitedBy = previous.limitedBy;
      status.placement = previous.placement;
    }
    return status;
  }

  static ReplicaHistory historyOf(ScalingPolicyStatus status) {
    return new ReplicaHistory(
        status.recommendations.stream()
            .map(r -> new ReplicaHistory.Recommendation(Timestamps.parse(r.time), r.replicas))
            .toList(),
        status.scaleEvents.stream()
            .map(e -> new ReplicaHistory.ScaleEvent(Timestamps.parse(e.time), e.change))
            .toList());
  }

  static void setHistory(ScalingPolicyStatus status, ReplicaHistory history) {
    status.recommendations =
        history.recommendations().stream()
            .map(
                r -> {
                  ScalingPolicyStatus.Recommendation recommendation =
                      new ScalingPolicyStatus.Recommendation();
                  recommendation.time = Timestamps.format(r.since());
                  recommendation.replicas = r.replicas();
                  return recommendation;
                })
            .collect(Collectors.toList());
    status.scaleEvents =
        history.scaleEvents().stream()
            .map(
                e -> {
                  ScalingPolicyStatus.ScaleEvent event = new ScalingPolicyStatus.ScaleEvent();
                  event.time = Timestamps.format(e.time());
                  event.change = e.change();
                  return event;
                })
            .collect(Collectors.toList());
  }

  /**
   * Two decimals, exactly as a person reads them, for any finite value: {@code Math.round} would
   * clip 1e308 to {@code Long.MAX_VALUE / 100} (92233720368547760).
   */
  static double rounded(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  /**
   * A threshold or value for a message: plain decimal notation, no exponent, at most 2 decimals.
   */
  static String decimal(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value)
        .setScale(2, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** Values are rounded to what a person reads, so noise in the fourth digit writes nothing. */
  static List<ScalingPolicyStatus.TriggerValue> valuesOf(
      List<TriggerReading> readings, Instant now) {
    return readings.stream()
        .map(
            r -> {
              ScalingPolicyStatus.TriggerValue value = new ScalingPolicyStatus.TriggerValue();
              value.trigger = r.trigger();
              if (r.value() != null && !r.value().isNaN() && !r.value().isInfinite()) {
                value.value = rounded(r.value());
              }
              value.observedAt = r.observedAt() == null ? null : Timestamps.format(r.observedAt());
              value.error = r.unknownReasonAt(now);
              return value;
            })
        .collect(Collectors.toList());
  }
}
