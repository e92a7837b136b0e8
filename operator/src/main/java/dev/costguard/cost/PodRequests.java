package dev.costguard.cost;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources a pod holds on its node, parsed once from its spec into integers so that pricing
 * allocates nothing: CPU in millicores, memory in bytes, GPU devices ({@code nvidia.com/gpu} and
 * {@code amd.com/gpu}) and MIG compute slices.
 *
 * <p>MIG rule: an A100 or H100 has 7 compute slices, so {@code nvidia.com/mig-Ng.<mem>gb} counts N
 * slices (1g = 1/7 of a GPU, 3g = 3/7, 7g = a whole GPU) and a compute-instance profile {@code
 * nvidia.com/mig-Cc.Ng.<mem>gb} counts its C slices. The memory size does not change the price.
 *
 * @param gpus GPU devices: whole GPUs, or under MIG's single strategy slices of the profile the
 *     node's GPU label names (see {@link PriceBook})
 * @param migSlices MIG compute slices, each 1/7 of a GPU
 */
public record PodRequests(long cpuMillicores, long memoryBytes, long gpus, long migSlices) {
  public static final PodRequests NONE = new PodRequests(0, 0, 0, 0);

  static final String CPU = "cpu";
  static final String MEMORY = "memory";
  private static final List<String> GPU_RESOURCES = List.of("nvidia.com/gpu", "amd.com/gpu");
  private static final Pattern MIG_RESOURCE =
      Pattern.compile("nvidia\\.com/mig-(?:(\\d)c\\.)?(\\d)g\\.\\d+gb(?:\\+me)?");
  private static final String SIDECAR_RESTART_POLICY = "Always";

  public PodRequests {
    if (cpuMillicores < 0 || memoryBytes < 0 || gpus < 0 || migSlices < 0) {
      throw new IllegalArgumentException("negative resource request");
    }
  }

  public static PodRequests of(Pod pod) {
    return of(pod.getSpec());
  }

  /**
   * The pod's effective requests, by the Kubernetes scheduler's rule, per resource: the larger of
   * the app containers plus sidecars (init containers with {@code restartPolicy: Always}, which run
   * alongside them) and the peak of the init phase (each regular init container runs alone with the
   * sidecars started before it); then pod-level {@code resources} replace CPU and memory when set,
   * and {@code spec.overhead} is added. A container's limit stands in for a missing request, as the
   * API server defaults it, so unadmitted templates price like their pods.
   */
  public static PodRequests of(PodSpec spec) {
    Map<String, BigDecimal> running = new HashMap<>();
    spec.getContainers().forEach(c -> addTo(running, requestsOf(c.getResources())));

    Map<String, BigDecimal> sidecars = new HashMap<>();
    Map<String, BigDecimal> initPeak = new HashMap<>();
    for (Container init : spec.getInitContainers()) {
      Map<String, BigDecimal> requests = requestsOf(init.getResources());
      if (SIDECAR_RESTART_POLICY.equals(init.getRestartPolicy())) {
        addTo(running, requests);
        addTo(sidecars, requests);
        maxInto(initPeak, sidecars);
      } else {
        Map<String, BigDecimal> withSidecars = new HashMap<>(sidecars);
        addTo(withSidecars, requests);
        maxInto(initPeak, withSidecars);
      }
    }
    maxInto(running, initPeak);

    Map<String, BigDecimal> podLevel = requestsOf(spec.getResources());
    for (String resource : List.of(CPU, MEMORY)) {
      if (podLevel.containsKey(resource)) {
        running.put(resource, podLevel.get(resource));
      }
    }
    addTo(running, amounts(spec.getOverhead()));
    return of(running);
  }

  /** Requests from a resource list: {@code cpu} in cores, {@code memory} in bytes, counts. */
  static PodRequests of(Map<String, BigDecimal> amounts) {
    long gpus = 0;
    long migSlices = 0;
    for (Map.Entry<String, BigDecimal> e : amounts.entrySet()) {
      if (GPU_RESOURCES.contains(e.getKey())) {
        gpus += count(e.getValue());
        continue;
      }
      Matcher mig = MIG_RESOURCE.matcher(e.getKey());
      if (mig.matches()) {
        int slices = Integer.parseInt(mig.group(1) != null ? mig.group(1) : mig.group(2));
        migSlices += slices * count(e.getValue());
      }
    }
    return new PodRequests(
        millis(amounts.getOrDefault(CPU, BigDecimal.ZERO)),
        count(amounts.getOrDefault(MEMORY, BigDecimal.ZERO)),
        gpus,
        migSlices);
  }

  /** Rounds up, as the scheduler never grants less than asked (1m is the finest CPU step). */
  static long millis(BigDecimal cores) {
    return cores.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  static long count(BigDecimal amount) {
    return amount.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  private static Map<String, BigDecimal> requestsOf(ResourceRequirements resources) {
    if (resources == null) {
      return new HashMap<>();
    }
    Map<String, BigDecimal> requests = amounts(resources.getLimits());
    requests.putAll(amounts(resources.getRequests()));
    return requests;
  }

  /** {@link Quantity#getNumericalAmount()} gives cores for CPU and bytes for memory. */
  static Map<String, BigDecimal> amounts(Map<String, Quantity> quantities) {
    Map<String, BigDecimal> amounts = new HashMap<>();
    if (quantities != null) {
      quantities.forEach((name, quantity) -> amounts.put(name, quantity.getNumericalAmount()));
    }
    return amounts;
  }

  private static void addTo(Map<String, BigDecimal> target, Map<String, BigDecimal> more) {
    more.forEach((name, amount) -> target.merge(name, amount, BigDecimal::add));
  }

  private static void maxInto(Map<String, BigDecimal> target, Map<String, BigDecimal> other) {
    other.forEach((name, amount) -> target.merge(name, amount, BigDecimal::max));
  }
}
