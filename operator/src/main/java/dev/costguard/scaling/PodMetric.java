package dev.costguard.scaling;

import java.time.Duration;
import java.time.Instant;

/**
 * One pod's sample of a resource trigger, in the trigger's units (cores, bytes).
 *
 * @param usage what the pod (or the named container) uses; {@code null} when metrics.k8s.io has no
 *     sample for it yet
 * @param request what the pod (or container) requests
 * @param sampledAt the end of the sample's window
 * @param window how long the sample averages over
 */
public record PodMetric(Double usage, double request, Instant sampledAt, Duration window) {
  public static PodMetric missing(double request) {
    return new PodMetric(null, request, null, Duration.ZERO);
  }
}
