package dev.costguard.cost;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Pod costs summed by group, as the cost metrics publish them and the accrued cost counters accrue
 * them: money, GPUs, watts and grams CO2e per hour by {@link Group} (namespace, team, capacity,
 * currency, GPU model), and each node's price against what its pods are allocated (idle cost). No
 * per-pod series.
 */
public final class CostRollup {
  /** The capacity of pods on a node priced per node-hour by a catalog node pool (on-premises). */
  public static final String NODE_POOL_CAPACITY = "NodePool";

  /** One money series of the cost-per-hour gauge. */
  public record CostKey(
      String namespace, String team, CapacityType capacityType, String currency) {}

  /** One GPU series; {@code gpuModel} is empty where the node names none. */
  public record GpuKey(String namespace, String gpuModel) {}

  /**
   * The finest grain of the rollup.
   *
   * @param capacity {@code OnDemand}, {@code Spot} or {@link #NODE_POOL_CAPACITY}
   * @param gpuModel the node's GPU product label, empty without one
   */
  public record Group(
      String namespace,
      String team,
      String capacity,
      CapacityType capacityType,
      String currency,
      String gpuModel) {}

  /** Per-hour figures of a group, or of a node. */
  public record Rates(
      BigDecimal moneyPerHour, BigDecimal gpus, BigDecimal watts, BigDecimal gramsCo2ePerHour) {
    public static final Rates ZERO =
        new Rates(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    static Rates of(PodCost cost) {
      return new Rates(cost.moneyPerHour(), cost.gpus(), cost.watts(), cost.gramsCo2ePerHour());
    }

    Rates plus(Rates other) {
      return new Rates(
          moneyPerHour.add(other.moneyPerHour),
          gpus.add(other.gpus),
          watts.add(other.watts),
          gramsCo2ePerHour.add(other.gramsCo2ePerHour));
    }
  }

  /** The idle money of one capacity and currency. */
  public record IdleKey(String capacity, String currency) {}

  private record NodeEntry(String capacity, String currency, BigDecimal pricePerHour) {}

  private final Map<Group, Rates> groups = new HashMap<>();
  private final Map<String, NodeEntry> nodes = new HashMap<>();
  private final Map<String, BigDecimal> allocatedByNode = new HashMap<>();

  /**
   * Every running pod's cost under {@code book}, and every node's price (for idle cost). The team
   * is the namespace's {@code teamLabel}, else the pod's, else empty. What the cost metrics, the
   * accrued counters and {@code costguard report} all publish.
   */
  public static CostRollup of(
      Stream<CachedPod> pods,
      NodeStore nodes,
      PriceBook book,
      Function<String, Map<String, String>> namespaceLabels,
      String teamLabel,
      PodCosts.Usages usages) {
    CostRollup rollup = new CostRollup();
    Map<String, String> teams = new HashMap<>();
    pods.filter(CachedPod::holdsNode)
        .forEach(
            pod -> {
              String namespaceTeam =
                  teams.computeIfAbsent(
                      pod.namespace(), ns -> namespaceLabels.apply(ns).getOrDefault(teamLabel, ""));
              String team =
                  namespaceTeam.isEmpty()
                      ? pod.labels().getOrDefault(teamLabel, "")
                      : namespaceTeam;
              rollup.add(
                  pod.namespace(), team, pod.nodeName(), PodCosts.price(pod, book, nodes, usages));
            });
    nodes.all().forEach(node -> rollup.addNode(node.name(), node.wholeNodeCost(book)));
    return rollup;
  }

  /** A running pod's cost; {@code nodeName} is the node it holds resources on. */
  public void add(String namespace, String team, String nodeName, PodCost cost) {
    groups.merge(
        new Group(
            namespace,
            team,
            capacityOf(cost.capacityType(), cost.nodePool()),
            cost.capacityType(),
            cost.currency(),
            cost.gpuModel()),
        Rates.of(cost),
        Rates::plus);
    if (nodeName != null) {
      allocatedByNode.merge(nodeName, cost.moneyPerHour(), BigDecimal::add);
    }
  }

  /** A node and what it costs as a whole ({@link CachedNode#wholeNodeCost}). */
  public void addNode(String nodeName, PodCost wholeNode) {
    nodes.put(
        nodeName,
        new NodeEntry(
            capacityOf(wholeNode.capacityType(), wholeNode.nodePool()),
            wholeNode.currency(),
            wholeNode.moneyPerHour()));
  }

  /** {@code OnDemand} or {@code Spot}, or {@link #NODE_POOL_CAPACITY} for a pool's nodes. */
  public static String capacityOf(CapacityType capacityType, String nodePool) {
    return nodePool == null || nodePool.isEmpty() ? capacityType.name() : NODE_POOL_CAPACITY;
  }

  public Map<Group, Rates> groups() {
    return Map.copyOf(groups);
  }

  /**
   * Idle money per hour: for each known node, its price minus the money its pods are allocated,
   * never below zero (pods priced by a usage above their requests can be allocated more than the
   * node's price), summed by capacity and currency.
   */
  public Map<IdleKey, BigDecimal> idlePerHour() {
    Map<IdleKey, BigDecimal> idle = new HashMap<>();
    nodes.forEach(
        (name, node) -> {
          BigDecimal unallocated =
              node.pricePerHour()
                  .subtract(allocatedByNode.getOrDefault(name, BigDecimal.ZERO))
                  .max(BigDecimal.ZERO);
          idle.merge(new IdleKey(node.capacity(), node.currency()), unallocated, BigDecimal::add);
        });
    return Map.copyOf(idle);
  }

  public Map<CostKey, BigDecimal> moneyPerHour() {
    return sum(
        g -> new CostKey(g.namespace(), g.team(), g.capacityType(), g.currency()),
        Rates::moneyPerHour,
        false);
  }

  public Map<GpuKey, BigDecimal> gpus() {
    return sum(g -> new GpuKey(g.namespace(), g.gpuModel()), Rates::gpus, true);
  }

  public Map<String, BigDecimal> watts() {
    return sum(Group::namespace, Rates::watts, false);
  }

  public Map<String, BigDecimal> gramsCo2ePerHour() {
    return sum(Group::namespace, Rates::gramsCo2ePerHour, false);
  }

  private <K> Map<K, BigDecimal> sum(
      Function<Group, K> key, Function<Rates, BigDecimal> value, boolean positiveOnly) {
    Map<K, BigDecimal> sums = new HashMap<>();
    groups.forEach(
        (group, rates) -> {
          BigDecimal amount = value.apply(rates);
          if (!positiveOnly || amount.signum() > 0) {
            sums.merge(key.apply(group), amount, BigDecimal::add);
          }
        });
    return Map.copyOf(sums);
  }
}
