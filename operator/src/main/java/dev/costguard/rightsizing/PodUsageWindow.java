package dev.costguard.rightsizing;

/**
 * What one pod used over the window. Each figure may be unknown (no series): -1 for the amounts,
 * NaN for the utilisation.
 *
 * @param cpuMillicoresP95 the 95th percentile of the pod's CPU use (all containers)
 * @param memoryBytesPeak the highest working set of the pod (all containers)
 * @param gpuUtilisationP95 the 95th percentile of its GPUs' utilisation, 0..1
 */
public record PodUsageWindow(
    long cpuMillicoresP95, long memoryBytesPeak, double gpuUtilisationP95) {
  public static final PodUsageWindow UNKNOWN = new PodUsageWindow(-1, -1, Double.NaN);

  public boolean knowsCpu() {
    return cpuMillicoresP95 >= 0;
  }

  public boolean knowsMemory() {
    return memoryBytesPeak >= 0;
  }

  public boolean knowsGpu() {
    return Double.isFinite(gpuUtilisationP95) && gpuUtilisationP95 >= 0;
  }

  /** The higher of each known figure: a workload is sized for its busiest pod. */
  PodUsageWindow max(PodUsageWindow other) {
    return new PodUsageWindow(
        Math.max(cpuMillicoresP95, other.cpuMillicoresP95),
        Math.max(memoryBytesPeak, other.memoryBytesPeak),
        knowsGpu()
            ? (other.knowsGpu()
                ? Math.max(gpuUtilisationP95, other.gpuUtilisationP95)
                : gpuUtilisationP95)
            : other.gpuUtilisationP95);
  }
}
