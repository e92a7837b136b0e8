package dev.costguard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.EnergyFactors;
import dev.costguard.api.v1alpha1.NodePool;
import dev.costguard.api.v1alpha1.PriceCatalogSpec;
import dev.costguard.api.v1alpha1.ResourcePrices;
import dev.costguard.api.v1alpha1.SpotPricing;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodPricerTest {
  private static final String H100 = "NVIDIA-H100-80GB-HBM3";
  private static final String A100 = "NVIDIA-A100-SXM4-40GB";

  /** EUR prices: 0.04 per core, 0.005 per GiB, GPUs 2.0 unless H100 (4.0) or A100 (2.8). */
  private static final Map<String, PriceBook> CATALOGS =
      Map.of(
          "discount", PriceBook.of(catalog(spotDiscount("0.7"), null)),
          "explicit", PriceBook.of(catalog(explicitSpot(), null)),
          "no-spot", PriceBook.of(catalog(null, null)),
          "pools", PriceBook.of(withPools(catalog(null, null))),
          "green", PriceBook.of(catalog(null, energy())),
          "defaults", PriceBook.openCostDefaults());

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          on-demand node, on-demand prices     | discount | none                                          | cpu=2;memory=8Gi | 0.12
          Karpenter spot at 70% off            | discount | karpenter.sh/capacity-type=spot               | cpu=2;memory=8Gi | 0.036
          EKS spot at 70% off                  | discount | eks.amazonaws.com/capacityType=SPOT           | cpu=2;memory=8Gi | 0.036
          GKE spot at 70% off                  | discount | cloud.google.com/gke-spot=true                | cpu=2;memory=8Gi | 0.036
          GKE preemptible at 70% off           | discount | cloud.google.com/gke-preemptible=true         | cpu=2;memory=8Gi | 0.036
          AKS spot at 70% off                  | discount | kubernetes.azure.com/scalesetpriority=spot    | cpu=2;memory=8Gi | 0.036
          custom spot labels at 70% off        | discount | lifecycle=spot                                | cpu=2;memory=8Gi | 0.036
          AKS regular node, on-demand prices   | discount | kubernetes.azure.com/scalesetpriority=regular | cpu=2;memory=8Gi | 0.12
          spot without spot prices is on-demand| no-spot  | karpenter.sh/capacity-type=spot               | cpu=2;memory=8Gi | 0.12
          explicit spot CPU, memory falls back | explicit | karpenter.sh/capacity-type=spot               | cpu=2;memory=8Gi | 0.06
          explicit spot H100 price             | explicit | karpenter.sh/capacity-type=spot;nvidia.com/gpu.product=NVIDIA-H100-80GB-HBM3 | cpu=2;memory=8Gi;nvidia.com/gpu=1 | 1.56
          spot A100 falls back to its on-demand model price | explicit | karpenter.sh/capacity-type=spot;nvidia.com/gpu.product=NVIDIA-A100-SXM4-40GB | cpu=2;memory=8Gi;nvidia.com/gpu=1 | 2.86
          spot unknown GPU falls back to on-demand gpuHour  | explicit | karpenter.sh/capacity-type=spot;nvidia.com/gpu.product=NVIDIA-L4 | cpu=2;memory=8Gi;nvidia.com/gpu=1 | 2.06
          H100 on-demand by model              | discount | nvidia.com/gpu.product=NVIDIA-H100-80GB-HBM3  | cpu=1;memory=4Gi;nvidia.com/gpu=1 | 4.06
          H100 on spot at 70% off              | discount | karpenter.sh/capacity-type=spot;nvidia.com/gpu.product=NVIDIA-H100-80GB-HBM3 | cpu=1;memory=4Gi;nvidia.com/gpu=1 | 1.218
          unknown GPU model at gpuHour         | discount | nvidia.com/gpu.product=NVIDIA-L4              | cpu=1;memory=4Gi;nvidia.com/gpu=1 | 2.06
          AMD GPUs at gpuHour                  | discount | none                                          | cpu=1;memory=4Gi;amd.com/gpu=2    | 4.06
          MIG 1g slice is a seventh of an A100 | discount | nvidia.com/gpu.product=NVIDIA-A100-SXM4-40GB  | cpu=1;memory=4Gi;nvidia.com/mig-1g.5gb=1  | 0.46
          MIG 3g slice is three sevenths       | discount | nvidia.com/gpu.product=NVIDIA-A100-SXM4-40GB  | cpu=1;memory=4Gi;nvidia.com/mig-3g.20gb=1 | 1.26
          MIG 7g slice is a whole A100         | discount | nvidia.com/gpu.product=NVIDIA-A100-SXM4-40GB  | cpu=1;memory=4Gi;nvidia.com/mig-7g.40gb=1 | 2.86
          MIG 1g slice of an H100              | discount | nvidia.com/gpu.product=NVIDIA-H100-80GB-HBM3  | nvidia.com/mig-1g.10gb=1 | 0.571428571
          MIG single strategy: each GPU is a 1g slice | discount | nvidia.com/gpu.product=NVIDIA-A100-SXM4-40GB-MIG-1g.5gb | cpu=1;memory=4Gi;nvidia.com/gpu=2 | 0.86
          no catalog: OpenCost on-demand       | defaults | none                                          | cpu=1;memory=1Gi | 0.035848
          no catalog: OpenCost spot            | defaults | cloud.google.com/gke-spot=true                | cpu=1;memory=1Gi | 0.007547
          no catalog: on-demand GPU            | defaults | none                                          | cpu=1;memory=1Gi;nvidia.com/gpu=1 | 0.985848
          no catalog: spot GPU as on-demand    | defaults | cloud.google.com/gke-spot=true                | cpu=1;memory=1Gi;nvidia.com/gpu=1 | 0.957547
          decimal memory units                 | defaults | none                                          | memory=1G        | 0.003946014
          """)
  void podsCostTheirRequestsAtTheNodesPrices(
      String scenario, String catalog, String nodeLabels, String resources, BigDecimal want) {
    PodCost cost = price(catalog, nodeLabels, "", resources);

    assertThat(cost.moneyPerHour()).isEqualByComparingTo(want);
    assertThat(cost.moneyPerHour().scale()).isEqualTo(9);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          a quarter of CPU and memory pays a quarter  | pool=onprem | cpu=8;memory=32Gi | cpu=2;memory=8Gi | 0.3
          mean of the CPU and memory shares           | pool=onprem | cpu=8;memory=32Gi | cpu=4;memory=4Gi | 0.375
          pods filling the node pay all of it         | pool=onprem | cpu=8;memory=32Gi | cpu=8;memory=32Gi | 1.2
          first matching pool wins                    | pool=onprem;rack=gpu | cpu=8;memory=32Gi | cpu=2;memory=8Gi | 5
          a spot label does not change a pool price   | pool=onprem;karpenter.sh/capacity-type=spot | cpu=8;memory=32Gi | cpu=2;memory=8Gi | 0.3
          GPU node is shared by GPUs                  | rack=gpu | cpu=96;memory=1Ti;nvidia.com/gpu=8 | cpu=8;memory=64Gi;nvidia.com/gpu=2 | 5
          pod without GPUs on a GPU node pays nothing | rack=gpu | cpu=96;memory=1Ti;nvidia.com/gpu=8 | cpu=8;memory=64Gi | 0
          MIG slice of a partly partitioned GPU node  | rack=gpu | nvidia.com/gpu=6;nvidia.com/mig-1g.10gb=14 | nvidia.com/mig-1g.10gb=1 | 0.357142857
          node outside every pool uses resource prices| pool=cloud | cpu=8;memory=32Gi | cpu=2;memory=8Gi | 0.12
          """)
  void podsOnPoolNodesPayTheirShareOfTheNodePrice(
      String scenario, String nodeLabels, String allocatable, String resources, BigDecimal want) {
    assertThat(price("pools", nodeLabels, allocatable, resources).moneyPerHour())
        .isEqualByComparingTo(want);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          usage unknown: priced by request       | 0    | 0     | 0.06
          usage below request: priced by request | 500  | 2Gi   | 0.06
          CPU use above request                  | 3000 | 1Gi   | 0.14
          memory use above request               | 200  | 10Gi  | 0.09
          """)
  void podsUsingMoreThanRequestedPayForTheirUse(
      String scenario, long cpuMillicores, String memory, BigDecimal want) {
    PodUsage usage =
        new PodUsage(cpuMillicores, new Quantity(memory).getNumericalAmount().longValueExact());
    PodPricer pricer = CATALOGS.get("discount").pricerFor(Map.of(), Map.of());

    assertThat(pricer.price(pod("cpu=1;memory=4Gi"), usage).moneyPerHour())
        .isEqualByComparingTo(want);
  }

  @Test
  void usageOfAPodIsTheSumOfItsContainers() {
    var metrics =
        new PodMetricsBuilder()
            .withContainers(
                new ContainerMetricsBuilder()
                    .withUsage(KeyValues.quantities("cpu=250m;memory=1Gi"))
                    .build(),
                new ContainerMetricsBuilder()
                    .withUsage(KeyValues.quantities("cpu=1500000n;memory=512Mi"))
                    .build())
            .build();

    assertThat(PodUsage.of(metrics)).isEqualTo(new PodUsage(252, 1536L << 20));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          CPU and memory only            | green    | none                                         | cpu=2;memory=8Gi                  | 13.44     | 5.376
          H100 by its model's watts      | green    | nvidia.com/gpu.product=NVIDIA-H100-80GB-HBM3 | cpu=2;memory=8Gi;nvidia.com/gpu=1 | 853.44    | 341.376
          other GPU by gpuWatts          | green    | nvidia.com/gpu.product=NVIDIA-L4             | cpu=2;memory=8Gi;nvidia.com/gpu=1 | 373.44    | 149.376
          MIG slice draws a seventh      | green    | nvidia.com/gpu.product=NVIDIA-A100-SXM4-40GB | cpu=2;memory=8Gi;nvidia.com/mig-1g.5gb=1 | 64.868571 | 25.947429
          catalog without energy factors | discount | none                                         | cpu=2;memory=8Gi                  | 0         | 0
          """)
  void energyAndCarbonFollowTheRequestsTimesPue(
      String scenario,
      String catalog,
      String nodeLabels,
      String resources,
      BigDecimal watts,
      BigDecimal grams) {
    PodCost cost = price(catalog, nodeLabels, "", resources);

    assertThat(cost.watts()).isEqualByComparingTo(watts);
    assertThat(cost.gramsCo2ePerHour()).isEqualByComparingTo(grams);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          no GPU                      | none                                                     | cpu=1                     | 0        | ''       | OnDemand
          two H100s on spot           | karpenter.sh/capacity-type=spot;nvidia.com/gpu.product=NVIDIA-H100-80GB-HBM3 | nvidia.com/gpu=2 | 2 | NVIDIA-H100-80GB-HBM3 | Spot
          a 1g MIG slice              | nvidia.com/gpu.product=NVIDIA-A100-SXM4-40GB             | nvidia.com/mig-1g.5gb=1   | 0.142857 | NVIDIA-A100-SXM4-40GB | OnDemand
          MIG single strategy, 3 x 2g | nvidia.com/gpu.product=NVIDIA-A100-SXM4-40GB-MIG-2g.10gb | nvidia.com/gpu=3          | 0.857143 | NVIDIA-A100-SXM4-40GB-MIG-2g.10gb | OnDemand
          """)
  void costReportsGpusModelAndCapacityType(
      String scenario,
      String nodeLabels,
      String resources,
      BigDecimal gpus,
      String model,
      CapacityType capacityType) {
    PodCost cost = price("discount", nodeLabels, "", resources);

    assertThat(cost.gpus()).isEqualByComparingTo(gpus);
    assertThat(cost.gpuModel()).isEqualTo(model);
    assertThat(cost.capacityType()).isEqualTo(capacityType);
    assertThat(cost.currency()).isEqualTo("EUR");
  }

  private static PodCost price(
      String catalog, String nodeLabels, String allocatable, String resources) {
    PodPricer pricer =
        CATALOGS
            .get(catalog)
            .pricerFor(KeyValues.parse(nodeLabels), KeyValues.quantities(allocatable));
    return pricer.price(pod(resources));
  }

  private static PodRequests pod(String resources) {
    return PodRequests.of(
        new PodSpecBuilder()
            .addToContainers(
                new ContainerBuilder()
                    .withName("app")
                    .withNewResources()
                    .withRequests(KeyValues.quantities(resources))
                    .endResources()
                    .build())
            .build());
  }

  private static PriceCatalogSpec catalog(SpotPricing spot, EnergyFactors energy) {
    PriceCatalogSpec catalog = new PriceCatalogSpec();
    catalog.currency = "EUR";
    catalog.onDemand = prices("0.04", "0.005", "2.0", Map.of(H100, "4.0", A100, "2.8"));
    catalog.spot = spot;
    catalog.spotNodeLabels = Map.of("lifecycle", "spot");
    catalog.energy = energy;
    return catalog;
  }

  private static SpotPricing spotDiscount(String discount) {
    SpotPricing spot = new SpotPricing();
    spot.discount = new BigDecimal(discount);
    return spot;
  }

  private static SpotPricing explicitSpot() {
    SpotPricing spot = new SpotPricing();
    spot.prices = prices("0.01", null, null, Map.of(H100, "1.5"));
    return spot;
  }

  private static PriceCatalogSpec withPools(PriceCatalogSpec catalog) {
    catalog.nodePools =
        List.of(
            pool("gpu-rack", Map.of("rack", "gpu"), "20"),
            pool("on-prem", Map.of("pool", "onprem"), "1.2"),
            pool("on-prem-again", Map.of("pool", "onprem"), "99"));
    return catalog;
  }

  private static NodePool pool(String name, Map<String, String> selector, String nodeHour) {
    NodePool pool = new NodePool();
    pool.name = name;
    pool.nodeSelector = selector;
    pool.nodeHour = new BigDecimal(nodeHour);
    return pool;
  }

  private static EnergyFactors energy() {
    EnergyFactors energy = new EnergyFactors();
    energy.cpuCoreWatts = new BigDecimal("4");
    energy.memoryGiBWatts = new BigDecimal("0.4");
    energy.gpuWatts = new BigDecimal("300");
    energy.gpuModelWatts = Map.of(H100, new BigDecimal("700"));
    energy.pue = new BigDecimal("1.2");
    energy.gridCarbonGramsPerKWh = new BigDecimal("400");
    return energy;
  }

  private static ResourcePrices prices(
      String cpu, String memory, String gpu, Map<String, String> models) {
    ResourcePrices prices = new ResourcePrices();
    prices.cpuCoreHour = cpu == null ? null : new BigDecimal(cpu);
    prices.memoryGiBHour = memory == null ? null : new BigDecimal(memory);
    prices.gpuHour = gpu == null ? null : new BigDecimal(gpu);
    models.forEach((model, price) -> prices.gpuModels.put(model, new BigDecimal(price)));
    return prices;
  }
}
