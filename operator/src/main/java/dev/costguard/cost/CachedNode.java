package dev.costguard.cost;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node as pricing and spot placement need it (labels, taints, allocatable resources), with the
 * pod pricer of each price book built once: the node cache replaces the whole entry when the node
 * changes, so a pricer never outlives the labels it was built from.
 */
public final class CachedNode {
  // Catalog edits leave old books behind; a node holds the pricers of only the last few.
  private static final int MAX_PRICE_BOOKS = 4;

  private final Node node;
  private final PodRequests allocatable;
  private final Map<PriceBook, PodPricer> pricers = new ConcurrentHashMap<>();

  private CachedNode(Node node) {
    this.node = node;
    Map<String, io.fabric8.kubernetes.api.model.Quantity> quantities =
        node.getStatus().getAllocatable();
    this.allocatable =
        quantities == null || quantities.isEmpty()
            ? PodRequests.NONE
            : PodRequests.of(PodRequests.amounts(quantities));
  }

  /** Keeps name, resourceVersion, labels, taints and allocatable; drops everything else. */
  public static CachedNode of(Node node) {
    Map<String, String> labels = new HashMap<>();
    Objects.requireNonNullElse(node.getMetadata().getLabels(), Map.<String, String>of())
        .forEach((k, v) -> labels.put(k.intern(), v.intern()));
    List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    return new CachedNode(
        new NodeBuilder()
            .withNewMetadata()
            .withName(node.getMetadata().getName())
            .withResourceVersion(node.getMetadata().getResourceVersion())
            .withLabels(Map.copyOf(labels))
            .endMetadata()
            .withNewSpec()
            .withTaints(taints == null || taints.isEmpty() ? null : taints)
            .endSpec()
            .withNewStatus()
            .withAllocatable(node.getStatus() == null ? null : node.getStatus().getAllocatable())
            .endStatus()
            .build());
  }

  public Node node() {
    return node;
  }

  public String name() {
    return node.getMetadata().getName();
  }

  /** What the node offers pods, in the units pods request. */
  public PodRequests allocatable() {
    return allocatable;
  }

  /**
   * What the whole node costs per hour under {@code book}: its allocatable resources priced as if
   * one pod requested them all, so a node pool's node costs its node-hour and a node priced per
   * resource costs the sum of its cores, memory and GPUs. Idle cost is this minus what its pods are
   * allocated.
   */
  public PodCost wholeNodeCost(PriceBook book) {
    return pricer(book).price(allocatable);
  }

  public Map<String, String> labels() {
    return node.getMetadata().getLabels();
  }

  public List<Taint> taints() {
    return Objects.requireNonNullElse(node.getSpec().getTaints(), List.of());
  }

  /** The pricer for pods on this node under {@code book}, built on first use. */
  public PodPricer pricer(PriceBook book) {
    PodPricer pricer = pricers.get(book);
    if (pricer == null) {
      if (pricers.size() >= MAX_PRICE_BOOKS) {
        pricers.clear();
      }
      pricer = book.pricerFor(node);
      pricers.put(book, pricer);
    }
    return pricer;
  }
}
