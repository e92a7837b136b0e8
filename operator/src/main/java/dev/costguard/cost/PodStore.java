package dev.costguard.cost;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The pod informer's item store: it keeps a {@link CachedPod} per pod, grouped by namespace, and
 * drops the rest of the Pod as soon as it arrives. One store per informer (the informer removes
 * whatever a relist does not return, so two informers must not share one).
 */
public final class PodStore implements ItemStore<Pod> {
  private final Map<String, Map<String, CachedPod>> byNamespace = new ConcurrentHashMap<>();

  /** The cached pods of one namespace; a live view. */
  public Collection<CachedPod> inNamespace(String namespace) {
    Map<String, CachedPod> pods = byNamespace.get(namespace);
    return pods == null ? List.of() : pods.values();
  }

  public Stream<CachedPod> all() {
    return byNamespace.values().stream().flatMap(pods -> pods.values().stream());
  }

  @Override
  public String getKey(Pod pod) {
    return Cache.metaNamespaceKeyFunc(pod);
  }

  @Override
  public Pod put(String key, Pod pod) {
    CachedPod cached = CachedPod.of(pod);
    CachedPod previous =
        byNamespace
            .computeIfAbsent(cached.namespace(), ns -> new ConcurrentHashMap<>())
            .put(cached.name(), cached);
    return previous == null ? null : previous.toPod();
  }

  @Override
  public Pod remove(String key) {
    int slash = key.indexOf('/');
    Map<String, CachedPod> pods = byNamespace.get(key.substring(0, slash));
    CachedPod removed = pods == null ? null : pods.remove(key.substring(slash + 1));
    return removed == null ? null : removed.toPod();
  }

  @Override
  public Stream<String> keySet() {
    return all().map(p -> p.namespace() + "/" + p.name());
  }

  @Override
  public Stream<Pod> values() {
    return all().map(CachedPod::toPod);
  }

  @Override
  public int size() {
    return byNamespace.values().stream().mapToInt(Map::size).sum();
  }

  @Override
  public Pod get(String key) {
    int slash = key.indexOf('/');
    Map<String, CachedPod> pods = byNamespace.get(key.substring(0, slash));
    CachedPod cached = pods == null ? null : pods.get(key.substring(slash + 1));
    return cached == null ? null : cached.toPod();
  }
}
