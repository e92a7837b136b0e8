package dev.costguard.allocation;

import dev.costguard.cost.CapacityType;
import dev.costguard.cost.CostRollup;
import dev.costguard.cost.PodCost;
import java.math.BigDecimal;

/** Rollups for accrual tests, written as the per-hour figures of a few pods. */
final class Rollups {
  private final CostRollup rollup = new CostRollup();

  static Rollups rollup() {
    return new Rollups();
  }

  /** A pod of namespace {@code ml}, team {@code research}, on on-demand node {@code n1}, in USD. */
  static CostRollup ml(String moneyPerHour) {
    return rollup().pod("ml", "research", "n1", CapacityType.OnDemand, moneyPerHour).build();
  }

  Rollups pod(
      String namespace, String team, String node, CapacityType capacity, String moneyPerHour) {
    return pod(namespace, team, node, capacity, "", moneyPerHour, "0", "0", "0", "");
  }

  Rollups pod(
      String namespace,
      String team,
      String node,
      CapacityType capacity,
      String nodePool,
      String moneyPerHour,
      String gpus,
      String watts,
      String gramsPerHour,
      String gpuModel) {
    rollup.add(
        namespace,
        team,
        node,
        new PodCost(
            new BigDecimal(moneyPerHour),
            "USD",
            capacity,
            gpuModel,
            new BigDecimal(gpus),
            new BigDecimal(watts),
            new BigDecimal(gramsPerHour),
            nodePool));
    return this;
  }

  /** A node and its whole price per hour. */
  Rollups node(String name, CapacityType capacity, String pricePerHour) {
    rollup.addNode(
        name,
        new PodCost(
            new BigDecimal(pricePerHour),
            "USD",
            capacity,
            "",
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            ""));
    return this;
  }

  CostRollup build() {
    return rollup;
  }
}
