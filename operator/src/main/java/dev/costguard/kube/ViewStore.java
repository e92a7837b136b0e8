package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One informer's item store in the {@link ClusterView}: objects pruned as they arrive, grouped by
 * namespace, with secondary indexes (holder, scale target). One store per informer: an informer's
 * relist drops whatever it did not list, which would empty the other namespaces of a shared store.
 *
 * <p>Objects Costguard itself just wrote are kept over the informer's copy until the watch catches
 * up (the same resourceVersion or a later one arrives, or {@link #WRITTEN_KEPT_FOR} passes), so a
 * reconcile right after a write does not plan from the state before it. A stale read is still safe:
 * every write carries the {@code resourceVersion} it was planned from.
 */
final class ViewStore<T extends HasMetadata> implements ItemStore<T> {
  static final Duration WRITTEN_KEPT_FOR = Duration.ofSeconds(30);

  private record Written<T extends HasMetadata>(T object, long atNanos) {}

  private final UnaryOperator<T> prune;
  private final Map<String, Function<T, Collection<String>>> indexers;
  private final Map<String, Map<String, T>> byNamespace = new ConcurrentHashMap<>();
  private final Map<String, Written<T>> written = new ConcurrentHashMap<>();

  /** index name to index value to keys. */
  private final Map<String, Map<String, Set<String>>> indexes = new ConcurrentHashMap<>();

  /** key to the index values it is filed under, per index, to unfile it. */
  private final Map<String, Map<String, Collection<String>>> filed = new ConcurrentHashMap<>();

  ViewStore(UnaryOperator<T> prune, Map<String, Function<T, Collection<String>>> indexers) {
    this.prune = prune;
    this.indexers = Map.copyOf(indexers);
  }

  @Override
  public String getKey(T object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public synchronized T put(String key, T object) {
    T pruned = prune.apply(object);
    Written<T> mine = written.get(key);
    if (mine != null && caughtUp(pruned, mine)) {
      written.remove(key);
    }
    T previous = namespace(key).put(name(key), pruned);
    reindex(key);
    return previous;
  }

  @Override
  public synchronized T remove(String key) {
    written.remove(key);
    Map<String, T> items = byNamespace.get(namespaceOf(key));
    T removed = items == null ? null : items.remove(name(key));
    reindex(key);
    return removed;
  }

  /** Keeps an object Costguard wrote over the informer's older copy until the watch delivers it. */
  synchronized void remember(T object) {
    String key = getKey(object);
    if (get(key) == null) {
      return; // not (or no longer) in this informer's scope
    }
    written.put(key, new Written<>(prune.apply(object), System.nanoTime()));
    reindex(key);
  }

  @Override
  public Stream<String> keySet() {
    return byNamespace.entrySet().stream()
        .flatMap(ns -> ns.getValue().keySet().stream().map(name -> key(ns.getKey(), name)));
  }

  /** The informer's own copies (what it compares a relist against). */
  @Override
  public Stream<T> values() {
    return byNamespace.values().stream().flatMap(items -> items.values().stream());
  }

  @Override
  public int size() {
    return byNamespace.values().stream().mapToInt(Map::size).sum();
  }

  /** The informer's own copy. */
  @Override
  public T get(String key) {
    Map<String, T> items = byNamespace.get(namespaceOf(key));
    return items == null ? null : items.get(name(key));
  }

  /**
   * What Costguard reads: its own last write while the watch has not caught up, else the
   * informer's.
   */
  T current(String key) {
    Written<T> mine = written.get(key);
    if (mine != null && System.nanoTime() - mine.atNanos() < WRITTEN_KEPT_FOR.toNanos()) {
      return mine.object();
    }
    return get(key);
  }

  List<T> inNamespace(String namespace) {
    Map<String, T> items = byNamespace.get(namespace == null ? "" : namespace);
    return items == null
        ? List.of()
        : items.keySet().stream()
            .map(name -> current(key(namespace, name)))
            .filter(Objects::nonNull)
            .toList();
  }

  Stream<T> all() {
    return keySet().map(this::current).filter(Objects::nonNull);
  }

  List<T> byIndex(String index, String value) {
    Set<String> keys = indexes.getOrDefault(index, Map.of()).get(value);
    return keys == null
        ? List.of()
        : keys.stream().map(this::current).filter(Objects::nonNull).toList();
  }

  private void reindex(String key) {
    Map<String, Collection<String>> before = filed.remove(key);
    if (before != null) {
      before.forEach(
          (index, values) ->
              values.forEach(
                  v -> {
                    Map<String, Set<String>> byValue = indexes.get(index);
                    Set<String> keys = byValue == null ? null : byValue.get(v);
                    if (keys != null) {
                      keys.remove(key);
                      if (keys.isEmpty()) {
                        byValue.remove(v);
                      }
                    }
                  }));
    }
    T now = current(key);
    if (now == null || indexers.isEmpty()) {
      return;
    }
    Map<String, Collection<String>> after = new ConcurrentHashMap<>();
    indexers.forEach(
        (index, indexer) -> {
          Collection<String> values = indexer.apply(now);
          if (!values.isEmpty()) {
            after.put(index, List.copyOf(values));
            values.forEach(
                v ->
                    indexes
                        .computeIfAbsent(index, i -> new ConcurrentHashMap<>())
                        .computeIfAbsent(v, x -> ConcurrentHashMap.newKeySet())
                        .add(key));
          }
        });
    filed.put(key, after);
  }

  /**
   * The watch has caught up with a write once it delivers that resourceVersion or a later one.
   * resourceVersions are opaque strings to clients; etcd's (and the mock's) are integers, which
   * order them, and anything else is only recognised when equal.
   */
  private static boolean caughtUp(HasMetadata delivered, Written<? extends HasMetadata> mine) {
    String now = delivered.getMetadata().getResourceVersion();
    String wrote = mine.object().getMetadata().getResourceVersion();
    if (Objects.equals(now, wrote)) {
      return true;
    }
    try {
      return Long.parseLong(now) >= Long.parseLong(wrote);
    } catch (NumberFormatException e) {
      return System.nanoTime() - mine.atNanos() >= WRITTEN_KEPT_FOR.toNanos();
    }
  }

  private Map<String, T> namespace(String key) {
    return byNamespace.computeIfAbsent(namespaceOf(key), ns -> new ConcurrentHashMap<>());
  }

  private static String key(String namespace, String name) {
    return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
  }

  private static String namespaceOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  private static String name(String key) {
    return key.substring(key.indexOf('/') + 1);
  }
}
