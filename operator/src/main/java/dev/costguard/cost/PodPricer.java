package dev.costguard.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Prices pods on one node. Made by {@link PriceBook#pricerFor}, which resolves once per node
 * everything that depends on the node (capacity type, GPU model, node pool, energy figures), so
 * that pricing a pod is a few integer multiplications: share one pricer among all pods of a node.
 * Immutable, so safe to share across threads.
 */
public final class PodPricer {
  private static final BigDecimal SLICES_PER_GPU = BigDecimal.valueOf(ResourceRates.SLICES_PER_GPU);

  private final String currency;
  private final CapacityType capacityType;
  private final String gpuModel;
  private final int slicesPerGpuDevice;
  private final ResourceRates money;
  private final ResourceRates picowatts;
  private final PicoRate gramsPerPicowatt;
  private final String nodePool;

  PodPricer(
      String currency,
      CapacityType capacityType,
      String gpuModel,
      int slicesPerGpuDevice,
      ResourceRates money,
      ResourceRates picowatts,
      PicoRate gramsPerPicowatt,
      String nodePool) {
    this.currency = currency;
    this.capacityType = capacityType;
    this.gpuModel = gpuModel;
    this.slicesPerGpuDevice = slicesPerGpuDevice;
    this.money = money;
    this.picowatts = picowatts;
    this.gramsPerPicowatt = gramsPerPicowatt;
    this.nodePool = nodePool;
  }

  public String currency() {
    return currency;
  }

  public CapacityType capacityType() {
    return capacityType;
  }

  /** The catalog node pool that prices this node per node-hour; empty when priced per resource. */
  public String nodePool() {
    return nodePool;
  }

  public PodCost price(PodRequests requests) {
    return price(requests, PodUsage.UNKNOWN);
  }

  /** Prices CPU and memory at max(request, usage), as OpenCost does, and GPUs by request. */
  public PodCost price(PodRequests requests, PodUsage usage) {
    long millicores = Math.max(requests.cpuMillicores(), usage.cpuMillicores());
    long bytes = Math.max(requests.memoryBytes(), usage.memoryBytes());
    long gpuSlices = gpuSlices(requests);
    long wattPicos = picowatts.picosFor(millicores, bytes, gpuSlices);
    return new PodCost(
        BigDecimal.valueOf(moneyNanosPerHour(requests, usage), 9),
        currency,
        capacityType,
        gpuModel,
        gpus(gpuSlices),
        BigDecimal.valueOf(roundedDiv(wattPicos, 1_000_000), 6),
        BigDecimal.valueOf(roundedDiv(gramsPerPicowatt.picosFor(wattPicos), 1_000_000), 6),
        nodePool);
  }

  /**
   * The money of {@link #price}, in nano-units (10^-9) per hour and rounded the same way, without
   * allocating: what budgets sum over thousands of pods.
   */
  public long moneyNanosPerHour(PodRequests requests, PodUsage usage) {
    long millicores = Math.max(requests.cpuMillicores(), usage.cpuMillicores());
    long bytes = Math.max(requests.memoryBytes(), usage.memoryBytes());
    return roundedDiv(money.picosFor(millicores, bytes, gpuSlices(requests)), 1_000);
  }

  private long gpuSlices(PodRequests requests) {
    return Math.addExact(
        Math.multiplyExact(requests.gpus(), slicesPerGpuDevice), requests.migSlices());
  }

  /** Half-up division of a non-negative amount. */
  private static long roundedDiv(long picos, long divisor) {
    return (picos + divisor / 2) / divisor;
  }

  private static BigDecimal gpus(long slices) {
    return slices % ResourceRates.SLICES_PER_GPU == 0
        ? BigDecimal.valueOf(slices / ResourceRates.SLICES_PER_GPU)
        : BigDecimal.valueOf(slices).divide(SLICES_PER_GPU, 6, RoundingMode.HALF_UP);
  }
}
