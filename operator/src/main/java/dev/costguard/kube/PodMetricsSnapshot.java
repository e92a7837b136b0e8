package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod CPU and memory use from the metrics API (metrics.k8s.io), which cannot be watched: one shared
 * snapshot, grouped by namespace, listed again only once it is older than {@code maxAge} of real
 * time (metrics-server samples in real time, every 15 s by default, so reading more often finds
 * nothing new). Budgets, cost metrics and Resource triggers all read this one snapshot, so the
 * operator sends at most one LIST per {@code maxAge} (one per watched namespace when scoped),
 * however many budgets and policies there are.
 *
 * <p>The list is taken by whichever reader finds the snapshot too old; readers meanwhile wait for
 * it rather than list again. When the API is missing or fails, the snapshot says so ({@link
 * Snapshot#unavailable}) and is retried after {@code maxAge} too.
 */
public final class PodMetricsSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(PodMetricsSnapshot.class);

  /** The metrics as listed at one moment. */
  public record Snapshot(Map<String, Map<String, PodMetrics>> byNamespace, String unavailable) {
    static final Snapshot NONE = new Snapshot(Map.of(), null);

    /** The samples of a namespace's pods by pod name; empty when none or unavailable. */
    public Map<String, PodMetrics> in(String namespace) {
      return byNamespace.getOrDefault(namespace, Map.of());
    }

    public Optional<PodMetrics> of(String namespace, String pod) {
      return Optional.ofNullable(in(namespace).get(pod));
    }

    public Stream<PodMetrics> all() {
      return byNamespace.values().stream().flatMap(pods -> pods.values().stream());
    }
  }

  private final KubernetesClient client;
  private final Set<String> watchNamespaces;
  private final Duration maxAge;
  private final LongSupplier nanoTime;
  private volatile Snapshot current = Snapshot.NONE;
  private long listedAtNanos;
  private boolean listed;
  private boolean warned;

  /**
   * @param watchNamespaces the namespaces the operator may read pod metrics in; empty for all
   * @param maxAge how old the snapshot may be before a reader lists again
   */
  public PodMetricsSnapshot(KubernetesClient client, Set<String> watchNamespaces, Duration maxAge) {
    this(client, watchNamespaces, maxAge, System::nanoTime);
  }

  PodMetricsSnapshot(
      KubernetesClient client,
      Set<String> watchNamespaces,
      Duration maxAge,
      LongSupplier nanoTime) {
    this.client = client;
    this.watchNamespaces = Set.copyOf(watchNamespaces);
    this.maxAge = maxAge;
    this.nanoTime = nanoTime;
  }

  /** The snapshot, listed again first if it is older than {@code maxAge}. */
  public synchronized Snapshot current() {
    long now = nanoTime.getAsLong();
    if (!listed || now - listedAtNanos >= maxAge.toNanos()) {
      current = list();
      listedAtNanos = nanoTime.getAsLong();
      listed = true;
    }
    return current;
  }

  private Snapshot list() {
    try {
      List<PodMetrics> items =
          watchNamespaces.isEmpty()
              ? client.resources(PodMetrics.class).inAnyNamespace().list().getItems()
              : watchNamespaces.stream()
                  .sorted()
                  .flatMap(
                      ns ->
                          client
                              .resources(PodMetrics.class)
                              .inNamespace(ns)
                              .list()
                              .getItems()
                              .stream())
                  .toList();
      Map<String, Map<String, PodMetrics>> byNamespace = new HashMap<>();
      for (PodMetrics pod : items) {
        byNamespace
            .computeIfAbsent(pod.getMetadata().getNamespace(), ns -> new HashMap<>())
            .put(pod.getMetadata().getName(), pruned(pod));
      }
      return new Snapshot(byNamespace, null);
    } catch (KubernetesClientException e) {
      if (!warned) {
        warned = true;
        LOG.info(
            "pod metrics unavailable ({}); budgets price pods by their requests, Resource"
                + " triggers report no value",
            e.getMessage());
      }
      return new Snapshot(Map.of(), e.getMessage());
    }
  }

  /** What readers use: name, namespace, sample time and window, containers' usage. */
  private static PodMetrics pruned(PodMetrics pod) {
    return new PodMetricsBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace())
                .build())
        .withTimestamp(pod.getTimestamp())
        .withWindow(pod.getWindow())
        .withContainers(pod.getContainers())
        .build();
  }
}
