package dev.costguard.cost;

import java.util.List;

/**
 * Running pods with what they request and the pricer of the node each runs on, so that other
 * requests can be priced where the pod runs (what-if pricing, e.g. rightsizing).
 */
public record PricedPods(String currency, List<Pod> pods) {
  public record Pod(String name, PodRequests requests, PodPricer pricer) {}

  public PricedPods {
    pods = List.copyOf(pods);
  }
}
