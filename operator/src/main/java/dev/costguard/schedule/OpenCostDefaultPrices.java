package dev.costguard.schedule;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;

/**
 * OpenCost's public default on-demand prices in USD, applied to a pod's requested CPU, memory and
 * GPUs (a container's limit stands in for a missing request, as the API server defaults it).
 */
public final class OpenCostDefaultPrices implements PodHourlyCost {
  static final BigDecimal CPU_CORE_HOUR = new BigDecimal("0.031611");
  static final BigDecimal MEMORY_GIB_HOUR = new BigDecimal("0.004237");
  static final BigDecimal GPU_HOUR = new BigDecimal("0.95");
  private static final BigDecimal GIB = BigDecimal.valueOf(1024L * 1024 * 1024);
  private static final List<String> GPU_RESOURCES = List.of("nvidia.com/gpu", "amd.com/gpu");

  @Override
  public String currency() {
    return "USD";
  }

  @Override
  public BigDecimal perHour(PodSpec pod) {
    BigDecimal cost = BigDecimal.ZERO;
    for (Container container : pod.getContainers() == null ? List.<Container>of() : pod.getContainers()) {
      cost = cost.add(amount(container, "cpu").multiply(CPU_CORE_HOUR))
          .add(amount(container, "memory").divide(GIB, MathContext.DECIMAL64).multiply(MEMORY_GIB_HOUR));
      for (String gpu : GPU_RESOURCES) {
        cost = cost.add(amount(container, gpu).multiply(GPU_HOUR));
      }
    }
    return cost;
  }

  private static BigDecimal amount(Container container, String resource) {
    ResourceRequirements resources = container.getResources();
    if (resources == null) {
      return BigDecimal.ZERO;
    }
    Quantity quantity = valueOf(resources.getRequests(), resource);
    if (quantity == null) {
      quantity = valueOf(resources.getLimits(), resource);
    }
    return quantity == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
  }

  private static Quantity valueOf(Map<String, Quantity> quantities, String resource) {
    return quantities == null ? null : quantities.get(resource);
  }
}
