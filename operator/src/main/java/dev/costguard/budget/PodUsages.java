package dev.costguard.budget;

import dev.costguard.cost.PodCosts;
import dev.costguard.cost.PodUsage;
import dev.costguard.kube.PodMetricsSnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * Pod CPU and memory use for pricing, from the operator's one shared {@link PodMetricsSnapshot},
 * converted once per snapshot. Without a metrics API, pods are priced by their requests.
 */
final class PodUsages {
  private final PodMetricsSnapshot metrics;
  private PodMetricsSnapshot.Snapshot convertedFrom;
  private Map<String, Map<String, PodUsage>> byNamespace = Map.of();

  PodUsages(PodMetricsSnapshot metrics) {
    this.metrics = metrics;
  }

  /** Each pod's usage as of the current snapshot; {@link PodUsage#UNKNOWN} when not sampled. */
  synchronized PodCosts.Usages fresh() {
    PodMetricsSnapshot.Snapshot snapshot = metrics.current();
    if (snapshot != convertedFrom) {
      Map<String, Map<String, PodUsage>> usage = new HashMap<>();
      snapshot
          .byNamespace()
          .forEach(
              (namespace, pods) -> {
                Map<String, PodUsage> converted = new HashMap<>();
                pods.forEach((name, sample) -> converted.put(name, PodUsage.of(sample)));
                usage.put(namespace, converted);
              });
      byNamespace = usage;
      convertedFrom = snapshot;
    }
    Map<String, Map<String, PodUsage>> usage = byNamespace;
    return pod -> {
      Map<String, PodUsage> pods = usage.get(pod.namespace());
      PodUsage found = pods == null ? null : pods.get(pod.name());
      return found == null ? PodUsage.UNKNOWN : found;
    };
  }
}
