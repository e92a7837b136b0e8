package dev.costguard.cost;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** The node informer's item store: a {@link CachedNode} per node name, nothing else. */
public final class NodeStore implements ItemStore<Node> {
  private final Map<String, CachedNode> nodes = new ConcurrentHashMap<>();

  public Optional<CachedNode> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  /** The pricer for pods on the named node under {@code book}; unknown nodes price on-demand. */
  public PodPricer pricerFor(String nodeName, PriceBook book) {
    CachedNode node = nodes.get(nodeName);
    return node == null ? book.pricerForUnknownNode() : node.pricer(book);
  }

  public Stream<CachedNode> all() {
    return nodes.values().stream();
  }

  @Override
  public String getKey(Node node) {
    return node.getMetadata().getName();
  }

  @Override
  public Node put(String key, Node node) {
    CachedNode previous = nodes.put(key, CachedNode.of(node));
    return previous == null ? null : previous.node();
  }

  @Override
  public Node remove(String key) {
    CachedNode removed = nodes.remove(key);
    return removed == null ? null : removed.node();
  }

  @Override
  public Stream<String> keySet() {
    return nodes.keySet().stream();
  }

  @Override
  public Stream<Node> values() {
    return nodes.values().stream().map(CachedNode::node);
  }

  @Override
  public int size() {
    return nodes.size();
  }

  @Override
  public Node get(String key) {
    CachedNode cached = nodes.get(key);
    return cached == null ? null : cached.node();
  }
}
