package dev.costguard.cost;

import dev.costguard.api.v1alpha1.EnergyFactors;
import dev.costguard.api.v1alpha1.NodePool;
import dev.costguard.api.v1alpha1.PriceCatalogSpec;
import dev.costguard.api.v1alpha1.ResourcePrices;
import dev.costguard.api.v1alpha1.SpotPricing;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prices of one {@code PriceCatalog}, resolved so that each node gets a {@link PodPricer}.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>A price the catalog leaves out is zero. Without a catalog, OpenCost's public defaults apply
 *       in USD, and spot GPUs cost as much as on-demand ones.
 *   <li>Spot prices are a {@code discount} off every on-demand price, or explicit {@code prices}
 *       where each one left out falls back to on-demand. A GPU costs its model's spot price, else
 *       its model's on-demand price (models differ more than capacity types), else {@code gpuHour}.
 *   <li>The GPU model is the node label {@code nvidia.com/gpu.product}. Under MIG's single strategy
 *       the label names the slice (e.g. {@code NVIDIA-A100-SXM4-40GB-MIG-1g.5gb}) and each {@code
 *       nvidia.com/gpu} is then that many sevenths of a GPU, priced by the full label or else the
 *       GPU model before {@code -MIG-}.
 *   <li>A node matching a node pool (first match wins) is priced per node-hour and each pod pays
 *       its share by the resources it is priced for (max of request and usage) against the node's
 *       allocatable. On a node with GPUs the share is the pod's GPUs over the node's GPUs, since
 *       GPUs are why the node exists and dominate its price; other pods there pay nothing. On a
 *       node without GPUs it is the mean of the CPU and memory shares, so half the price follows
 *       each; a node fully requested by its pods is fully paid.
 *   <li>Power is watts per core, per GiB and per GPU (by model, else {@code gpuWatts}) times {@code
 *       pue}; grams CO2e per hour are kilowatts times {@code gridCarbonGramsPerKWh}.
 * </ul>
 */
public final class PriceBook {
  static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
  private static final Pattern MIG_SINGLE_PRODUCT = Pattern.compile("(.+)-MIG-(\\d)g\\..+");
  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  // grams/hour = watts / 1000 x grams per kWh; as a rate on pico-watts giving pico-grams
  private static final BigDecimal PICOWATTS_PER_KILOWATT = BigDecimal.ONE.movePointRight(15);

  private final String currency;
  private final Prices onDemand;
  private final Prices spot;
  private final Map<String, String> spotNodeLabels;
  private final List<NodePool> nodePools;
  private final EnergyFactors energy;
  private final PodPricer unknownNodePricer;

  private PriceBook(PriceCatalogSpec catalog) {
    this.currency = Objects.requireNonNull(catalog.currency, "currency");
    this.onDemand = Prices.of(catalog.onDemand, Prices.NONE);
    this.spot = spotPrices(catalog.spot, onDemand);
    this.spotNodeLabels = Map.copyOf(Objects.requireNonNullElse(catalog.spotNodeLabels, Map.of()));
    this.nodePools = List.copyOf(Objects.requireNonNullElse(catalog.nodePools, List.of()));
    this.energy = catalog.energy;
    this.unknownNodePricer = pricerFor(Map.of(), Map.of());
  }

  public static PriceBook of(PriceCatalogSpec catalog) {
    return new PriceBook(catalog);
  }

  /** OpenCost's public default prices, in USD, for clusters without a catalog. */
  public static PriceBook openCostDefaults() {
    PriceCatalogSpec defaults = new PriceCatalogSpec();
    defaults.currency = "USD";
    defaults.onDemand = resourcePrices("0.031611", "0.004237", "0.95");
    defaults.spot = new SpotPricing();
    defaults.spot.prices = resourcePrices("0.006655", "0.000892", null);
    return new PriceBook(defaults);
  }

  public String currency() {
    return currency;
  }

  public PodPricer pricerFor(Node node) {
    Map<String, Quantity> allocatable =
        node.getStatus() == null ? Map.of() : node.getStatus().getAllocatable();
    return pricerFor(node.getMetadata().getLabels(), allocatable);
  }

  /**
   * For a pod whose node is not (or no longer) known: on-demand prices, no GPU model, no pool. A
   * node missing from the cache is brief (the pod event arrived first), and on-demand is the safe
   * side of a budget.
   */
  public PodPricer pricerForUnknownNode() {
    return unknownNodePricer;
  }

  /** A pricer for pods on a node with these labels and allocatable resources. */
  public PodPricer pricerFor(Map<String, String> nodeLabels, Map<String, Quantity> allocatable) {
    Map<String, String> labels = nodeLabels == null ? Map.of() : nodeLabels;
    CapacityType capacityType = CapacityType.of(labels, spotNodeLabels);
    GpuProduct gpu = GpuProduct.of(labels.getOrDefault(GPU_PRODUCT_LABEL, ""));
    NodePool pool =
        nodePools.stream()
            .filter(p -> labels.entrySet().containsAll(p.nodeSelector.entrySet()))
            .findFirst()
            .orElse(null);
    ResourceRates money;
    if (pool != null) {
      money = shareOf(pool.nodeHour, allocatable, gpu);
    } else {
      Prices prices = capacityType == CapacityType.Spot ? spot : onDemand;
      money =
          ResourceRates.perUnit(
              prices.cpuCoreHour,
              prices.memoryGiBHour,
              gpu.lookup(prices.gpuModels, prices.gpuHour));
    }
    return new PodPricer(
        currency,
        capacityType,
        gpu.label,
        gpu.slicesPerDevice,
        money,
        picowatts(gpu),
        energy == null || energy.gridCarbonGramsPerKWh == null
            ? PicoRate.ZERO
            : PicoRate.of(energy.gridCarbonGramsPerKWh, PICOWATTS_PER_KILOWATT),
        pool == null ? "" : pool.name);
  }

  private static ResourceRates shareOf(
      BigDecimal nodeHour, Map<String, Quantity> allocatable, GpuProduct gpu) {
    PodRequests node = PodRequests.of(PodRequests.amounts(allocatable));
    long gpuSlices = node.gpus() * gpu.slicesPerDevice + node.migSlices();
    if (gpuSlices > 0) {
      return new ResourceRates(PicoRate.ZERO, PicoRate.ZERO, rate(nodeHour, gpuSlices));
    }
    BigDecimal half = nodeHour.divide(TWO);
    return new ResourceRates(
        rate(half, node.cpuMillicores()), rate(half, node.memoryBytes()), PicoRate.ZERO);
  }

  private static PicoRate rate(BigDecimal amount, long perQuantity) {
    return perQuantity == 0 ? PicoRate.ZERO : PicoRate.of(amount, BigDecimal.valueOf(perQuantity));
  }

  private ResourceRates picowatts(GpuProduct gpu) {
    if (energy == null) {
      return ResourceRates.ZERO;
    }
    BigDecimal pue = energy.pue == null ? BigDecimal.ONE : energy.pue;
    return ResourceRates.perUnit(
        orZero(energy.cpuCoreWatts).multiply(pue),
        orZero(energy.memoryGiBWatts).multiply(pue),
        gpu.lookup(
                Objects.requireNonNullElse(energy.gpuModelWatts, Map.of()), orZero(energy.gpuWatts))
            .multiply(pue));
  }

  private static Prices spotPrices(SpotPricing spot, Prices onDemand) {
    if (spot == null) {
      return onDemand;
    }
    if (spot.discount != null) {
      return onDemand.times(BigDecimal.ONE.subtract(spot.discount));
    }
    return Prices.of(spot.prices, onDemand);
  }

  private static ResourcePrices resourcePrices(String cpu, String memory, String gpu) {
    ResourcePrices prices = new ResourcePrices();
    prices.cpuCoreHour = new BigDecimal(cpu);
    prices.memoryGiBHour = new BigDecimal(memory);
    prices.gpuHour = gpu == null ? null : new BigDecimal(gpu);
    return prices;
  }

  private static BigDecimal orZero(BigDecimal value) {
    return value == null ? BigDecimal.ZERO : value;
  }

  /** Resolved prices of one capacity type; GPU models fall back to {@code gpuHour}. */
  private record Prices(
      BigDecimal cpuCoreHour,
      BigDecimal memoryGiBHour,
      BigDecimal gpuHour,
      Map<String, BigDecimal> gpuModels) {
    static final Prices NONE =
        new Prices(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, Map.of());

    /** The given prices, each one left out taken from {@code fallback}. */
    static Prices of(ResourcePrices given, Prices fallback) {
      if (given == null) {
        return fallback;
      }
      Map<String, BigDecimal> models = new HashMap<>(fallback.gpuModels);
      models.putAll(Objects.requireNonNullElse(given.gpuModels, Map.of()));
      return new Prices(
          Objects.requireNonNullElse(given.cpuCoreHour, fallback.cpuCoreHour),
          Objects.requireNonNullElse(given.memoryGiBHour, fallback.memoryGiBHour),
          Objects.requireNonNullElse(given.gpuHour, fallback.gpuHour),
          Map.copyOf(models));
    }

    Prices times(BigDecimal factor) {
      Map<String, BigDecimal> models = new HashMap<>();
      gpuModels.forEach((model, price) -> models.put(model, price.multiply(factor)));
      return new Prices(
          cpuCoreHour.multiply(factor),
          memoryGiBHour.multiply(factor),
          gpuHour.multiply(factor),
          Map.copyOf(models));
    }
  }

  /** A node's GPU product label, and how many sevenths of a GPU one of its GPU devices is. */
  private record GpuProduct(String label, String model, int slicesPerDevice) {
    static GpuProduct of(String label) {
      Matcher migSingle = MIG_SINGLE_PRODUCT.matcher(label);
      return migSingle.matches()
          ? new GpuProduct(label, migSingle.group(1), Integer.parseInt(migSingle.group(2)))
          : new GpuProduct(label, label, ResourceRates.SLICES_PER_GPU);
    }

    /** The figure for this product's label, else for its GPU model, else the fallback. */
    BigDecimal lookup(Map<String, BigDecimal> byModel, BigDecimal fallback) {
      BigDecimal figure = byModel.get(label);
      return figure != null ? figure : byModel.getOrDefault(model, fallback);
    }
  }
}
