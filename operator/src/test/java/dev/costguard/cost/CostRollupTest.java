package dev.costguard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.NodePool;
import dev.costguard.api.v1alpha1.PriceCatalogSpec;
import dev.costguard.api.v1alpha1.ResourcePrices;
import dev.costguard.api.v1alpha1.SpotPricing;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Idle cost against hand-computed figures. Catalog in EUR: 0.04 per core-hour, 0.005 per GiB-hour,
 * spot 70% off, and an on-premises pool at 1.00 per node-hour.
 */
class CostRollupTest {
  private static final PriceBook BOOK = PriceBook.of(catalog());

  @Test
  void idleCostIsEachNodesPriceMinusWhatItsPodsAreAllocated() {
    CostRollup rollup = new CostRollup();
    // on-demand node: 8 x 0.04 + 32 x 0.005 = 0.48 per hour
    CachedNode onDemand = node("cpu-a", "", "cpu=8;memory=32Gi");
    // spot node: (4 x 0.04 + 16 x 0.005) x 0.3 = 0.072 per hour
    CachedNode spot = node("spot-a", "karpenter.sh/capacity-type=spot", "cpu=4;memory=16Gi");
    // pool node: 1.00 per hour whatever it holds
    CachedNode pool = node("onprem-1", "pool=onprem", "cpu=16;memory=64Gi");
    for (CachedNode node : List.of(onDemand, spot, pool)) {
      rollup.addNode(node.name(), node.wholeNodeCost(BOOK));
    }
    // 2 cores 8 GiB = 0.12; 1 core 4 GiB = 0.06: 0.18 of 0.48 allocated
    add(rollup, "ml", "research", onDemand, 2000, 8);
    add(rollup, "ml", "research", onDemand, 1000, 4);
    // 1 core 4 GiB at spot prices: 0.018 of 0.072
    add(rollup, "web", "", spot, 1000, 4);
    // half the CPU and half the memory of the pool node: 0.50 of 1.00
    add(rollup, "ml", "research", pool, 8000, 32);

    assertThat(rollup.idlePerHour())
        .containsOnlyKeys(
            new CostRollup.IdleKey("OnDemand", "EUR"),
            new CostRollup.IdleKey("Spot", "EUR"),
            new CostRollup.IdleKey("NodePool", "EUR"));
    assertThat(rollup.idlePerHour().get(new CostRollup.IdleKey("OnDemand", "EUR")))
        .isEqualByComparingTo("0.30");
    assertThat(rollup.idlePerHour().get(new CostRollup.IdleKey("Spot", "EUR")))
        .isEqualByComparingTo("0.054");
    assertThat(rollup.idlePerHour().get(new CostRollup.IdleKey("NodePool", "EUR")))
        .isEqualByComparingTo("0.50");
  }

  @Test
  void podsAllocatedMoreThanTheirNodesPriceLeaveNoNegativeIdleCost() {
    CostRollup rollup = new CostRollup();
    CachedNode tiny = node("tiny", "", "cpu=1;memory=1Gi"); // 0.045 per hour
    rollup.addNode(tiny.name(), tiny.wholeNodeCost(BOOK));
    add(rollup, "ml", "", tiny, 2000, 2); // 0.09: requests beyond allocatable

    assertThat(rollup.idlePerHour().get(new CostRollup.IdleKey("OnDemand", "EUR")))
        .isEqualByComparingTo("0");
  }

  @Test
  void anEmptyNodeIsIdleWhole() {
    CostRollup rollup = new CostRollup();
    CachedNode empty = node("empty", "", "cpu=8;memory=32Gi");
    rollup.addNode(empty.name(), empty.wholeNodeCost(BOOK));

    assertThat(rollup.idlePerHour().get(new CostRollup.IdleKey("OnDemand", "EUR")))
        .isEqualByComparingTo("0.48");
  }

  @Test
  void groupsKeepCapacityTeamAndGpuModelApartWhileTheGaugesSumByNamespace() {
    CostRollup rollup = new CostRollup();
    CachedNode onDemand = node("cpu-a", "", "cpu=8;memory=32Gi");
    CachedNode pool = node("onprem-1", "pool=onprem", "cpu=16;memory=64Gi");
    add(rollup, "ml", "research", onDemand, 2000, 8); // 0.12
    add(rollup, "ml", "research", pool, 8000, 32); // 0.50

    Map<CostRollup.Group, CostRollup.Rates> groups = rollup.groups();
    assertThat(groups).hasSize(2);
    assertThat(groups.keySet())
        .extracting(CostRollup.Group::capacity)
        .containsExactlyInAnyOrder("OnDemand", "NodePool");
    // the cost-per-hour gauge knows only OnDemand and Spot: the pool's node is on-demand capacity
    assertThat(
            rollup
                .moneyPerHour()
                .get(new CostRollup.CostKey("ml", "research", CapacityType.OnDemand, "EUR")))
        .isEqualByComparingTo("0.62");
  }

  private static void add(
      CostRollup rollup, String namespace, String team, CachedNode node, long millis, long gib) {
    rollup.add(
        namespace,
        team,
        node.name(),
        node.pricer(BOOK).price(new PodRequests(millis, gib << 30, 0, 0)));
  }

  private static CachedNode node(String name, String labels, String allocatable) {
    return CachedNode.of(
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(KeyValues.parse(labels))
            .endMetadata()
            .withNewStatus()
            .withAllocatable(KeyValues.quantities(allocatable))
            .endStatus()
            .build());
  }

  private static PriceCatalogSpec catalog() {
    PriceCatalogSpec spec = new PriceCatalogSpec();
    spec.currency = "EUR";
    spec.onDemand = new ResourcePrices();
    spec.onDemand.cpuCoreHour = new BigDecimal("0.04");
    spec.onDemand.memoryGiBHour = new BigDecimal("0.005");
    spec.onDemand.gpuHour = new BigDecimal("2.0");
    spec.spot = new SpotPricing();
    spec.spot.discount = new BigDecimal("0.7");
    NodePool pool = new NodePool();
    pool.name = "onprem";
    pool.nodeSelector = Map.of("pool", "onprem");
    pool.nodeHour = new BigDecimal("1.00");
    spec.nodePools = List.of(pool);
    return spec;
  }
}
