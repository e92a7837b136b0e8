package dev.costguard.budget;

import dev.costguard.cost.CachedPod;
import dev.costguard.cost.PodUsage;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod CPU and memory use from the metrics API (metrics.k8s.io), which cannot be watched: listed at
 * most once per {@code maxAge} of the operator's clock and shared by every budget and the cost
 * metrics. Without a metrics API, pods are priced by their requests.
 */
final class PodUsages {
  private static final Logger LOG = LoggerFactory.getLogger(PodUsages.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Set<String> watchNamespaces;
  private final Duration maxAge;
  private volatile Map<String, Map<String, PodUsage>> byNamespace = Map.of();
  private Instant fetchedAt;
  private boolean warned;

  /**
   * @param watchNamespaces the namespaces the operator may read pods in; empty for all
   */
  PodUsages(KubernetesClient client, Clock clock, Set<String> watchNamespaces, Duration maxAge) {
    this.client = client;
    this.clock = clock;
    this.watchNamespaces = Set.copyOf(watchNamespaces);
    this.maxAge = maxAge;
  }

  /** Usage as of at most {@code maxAge} ago. */
  synchronized PodUsages fresh() {
    Instant now = clock.instant();
    if (fetchedAt == null || !now.isBefore(fetchedAt.plus(maxAge))) {
      fetchedAt = now;
      byNamespace = fetch();
    }
    return this;
  }

  PodUsage of(CachedPod pod) {
    Map<String, PodUsage> pods = byNamespace.get(pod.namespace());
    PodUsage usage = pods == null ? null : pods.get(pod.name());
    return usage == null ? PodUsage.UNKNOWN : usage;
  }

  private Map<String, Map<String, PodUsage>> fetch() {
    try {
      List<PodMetrics> metrics =
          watchNamespaces.isEmpty()
              ? client.resources(PodMetrics.class).inAnyNamespace().list().getItems()
              : watchNamespaces.stream()
                  .flatMap(
                      ns ->
                          client
                              .resources(PodMetrics.class)
                              .inNamespace(ns)
                              .list()
                              .getItems()
                              .stream())
                  .toList();
      Map<String, Map<String, PodUsage>> usage = new HashMap<>();
      for (PodMetrics pod : metrics) {
        usage
            .computeIfAbsent(pod.getMetadata().getNamespace(), ns -> new HashMap<>())
            .put(pod.getMetadata().getName(), PodUsage.of(pod));
      }
      return usage;
    } catch (KubernetesClientException e) {
      if (!warned) {
        warned = true;
        LOG.info("pod metrics unavailable ({}); pricing pods by their requests", e.getMessage());
      }
      return Map.of();
    }
  }
}
