package dev.costguard.cost;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import java.math.BigDecimal;

/**
 * Measured CPU and memory use of a pod (metrics.k8s.io), in the units of {@link PodRequests}. A pod
 * that uses more than it requested is priced by its use, as OpenCost does; GPUs are priced by
 * request only, as a GPU is held whole whatever its utilisation.
 */
public record PodUsage(long cpuMillicores, long memoryBytes) {
  /** Usage not known: the pod is priced by its requests. */
  public static final PodUsage UNKNOWN = new PodUsage(0, 0);

  public PodUsage {
    if (cpuMillicores < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException("negative usage");
    }
  }

  /** The sum over the pod's containers. */
  public static PodUsage of(PodMetrics metrics) {
    long cpu = 0;
    long memory = 0;
    for (ContainerMetrics container : metrics.getContainers()) {
      var usage = PodRequests.amounts(container.getUsage());
      cpu += PodRequests.millis(usage.getOrDefault(PodRequests.CPU, BigDecimal.ZERO));
      memory += PodRequests.count(usage.getOrDefault(PodRequests.MEMORY, BigDecimal.ZERO));
    }
    return new PodUsage(cpu, memory);
  }
}
