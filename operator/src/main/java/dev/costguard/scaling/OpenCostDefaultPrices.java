package dev.costguard.scaling;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * Prices a replica by its requests at OpenCost's public on-demand defaults in USD (CPU 0.031611
 * per core-hour, RAM 0.004237 per GiB-hour, GPU 0.95 per GPU-hour). On-demand, because a capped
 * budget should not count on spot capacity being there. Stands in for the price catalog until the
 * cost package prices templates.
 */
public final class OpenCostDefaultPrices implements ReplicaPrices {
  static final String CURRENCY = "USD";
  static final BigDecimal CPU_CORE_HOUR = new BigDecimal("0.031611");
  static final BigDecimal MEMORY_GIB_HOUR = new BigDecimal("0.004237");
  static final BigDecimal GPU_HOUR = new BigDecimal("0.95");
  private static final BigDecimal GIB = BigDecimal.valueOf(1024L * 1024 * 1024);
  private static final String GPU = "nvidia.com/gpu";

  @Override
  public Optional<BigDecimal> perReplicaHour(PodTemplateSpec template, String currency) {
    if (!CURRENCY.equals(currency)) {
      return Optional.empty();
    }
    BigDecimal cores = BigDecimal.ZERO;
    BigDecimal memoryGiB = BigDecimal.ZERO;
    BigDecimal gpus = BigDecimal.ZERO;
    for (Container container : template.getSpec().getContainers()) {
      Map<String, Quantity> requests = container.getResources() == null ? null : container.getResources().getRequests();
      Map<String, Quantity> limits = container.getResources() == null ? null : container.getResources().getLimits();
      cores = cores.add(amount(requests, "cpu"));
      memoryGiB = memoryGiB.add(amount(requests, "memory").divide(GIB, 6, RoundingMode.HALF_UP));
      // Extended resources need requests equal to limits; either may be written.
      BigDecimal gpu = amount(requests, GPU);
      gpus = gpus.add(gpu.signum() > 0 ? gpu : amount(limits, GPU));
    }
    return Optional.of(
        cores.multiply(CPU_CORE_HOUR).add(memoryGiB.multiply(MEMORY_GIB_HOUR)).add(gpus.multiply(GPU_HOUR)));
  }

  private static BigDecimal amount(Map<String, Quantity> quantities, String resource) {
    Quantity quantity = quantities == null ? null : quantities.get(resource);
    return quantity == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
  }
}
