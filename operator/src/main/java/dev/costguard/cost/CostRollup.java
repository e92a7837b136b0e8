package dev.costguard.cost;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Pod costs summed by namespace, as the cost metrics publish them: money per hour by namespace,
 * team, capacity type and currency; GPUs by namespace and GPU model; watts and grams CO2e per hour
 * by namespace. No per-pod series.
 */
public final class CostRollup {
  /** One money series. */
  public record CostKey(
      String namespace, String team, CapacityType capacityType, String currency) {}

  /** One GPU series; {@code gpuModel} is empty where the node names none. */
  public record GpuKey(String namespace, String gpuModel) {}

  private final Map<CostKey, BigDecimal> moneyPerHour = new HashMap<>();
  private final Map<GpuKey, BigDecimal> gpus = new HashMap<>();
  private final Map<String, BigDecimal> watts = new HashMap<>();
  private final Map<String, BigDecimal> gramsCo2ePerHour = new HashMap<>();

  public void add(String namespace, String team, PodCost cost) {
    moneyPerHour.merge(
        new CostKey(namespace, team, cost.capacityType(), cost.currency()),
        cost.moneyPerHour(),
        BigDecimal::add);
    if (cost.gpus().signum() > 0) {
      gpus.merge(new GpuKey(namespace, cost.gpuModel()), cost.gpus(), BigDecimal::add);
    }
    watts.merge(namespace, cost.watts(), BigDecimal::add);
    gramsCo2ePerHour.merge(namespace, cost.gramsCo2ePerHour(), BigDecimal::add);
  }

  public Map<CostKey, BigDecimal> moneyPerHour() {
    return Map.copyOf(moneyPerHour);
  }

  public Map<GpuKey, BigDecimal> gpus() {
    return Map.copyOf(gpus);
  }

  public Map<String, BigDecimal> watts() {
    return Map.copyOf(watts);
  }

  public Map<String, BigDecimal> gramsCo2ePerHour() {
    return Map.copyOf(gramsCo2ePerHour);
  }
}
