package dev.costguard.cost;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What pricing and budget selection need of a pod, and nothing more: the informer cache keeps this
 * instead of the Pod ({@link PodStore}), with its requests parsed once, so that pricing a pod is a
 * few integer multiplications and a cached pod costs a few hundred bytes instead of kilobytes.
 *
 * @param labels the pod's labels, for workload selectors and the team label
 * @param nodeName the node the pod holds resources on; {@code null} while it is unscheduled and
 *     once it has finished, when it costs nothing
 */
public record CachedPod(
    String namespace,
    String name,
    Map<String, String> labels,
    String nodeName,
    PodRequests requests) {
  private static final Set<String> FINISHED_PHASES = Set.of("Succeeded", "Failed");
  // A MIG profile whose slice count PodRequests reads back, to rebuild a pod from the projection.
  private static final String ONE_SLICE_MIG = "nvidia.com/mig-1g.5gb";

  public static CachedPod of(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    boolean finished = phase != null && FINISHED_PHASES.contains(phase);
    boolean holdsNode = node != null && !node.isEmpty() && !finished;
    return new CachedPod(
        pod.getMetadata().getNamespace().intern(),
        pod.getMetadata().getName(),
        interned(pod.getMetadata().getLabels()),
        holdsNode ? node.intern() : null,
        pod.getSpec() == null ? PodRequests.NONE : PodRequests.of(pod));
  }

  public boolean holdsNode() {
    return nodeName != null;
  }

  /**
   * A Pod whose projection is this one again, for the informer's own bookkeeping (the previous
   * object of an update or a delete). Nothing in Costguard reads pods back from the cache.
   */
  Pod toPod() {
    Map<String, Quantity> requested = new HashMap<>();
    requested.put(PodRequests.CPU, new Quantity(requests.cpuMillicores() + "m"));
    requested.put(PodRequests.MEMORY, new Quantity(String.valueOf(requests.memoryBytes())));
    requested.put("nvidia.com/gpu", new Quantity(String.valueOf(requests.gpus())));
    requested.put(ONE_SLICE_MIG, new Quantity(String.valueOf(requests.migSlices())));
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNodeName(nodeName)
        .withContainers(
            new ContainerBuilder()
                .withName("requests")
                .withNewResources()
                .withRequests(requested)
                .endResources()
                .build())
        .endSpec()
        .build();
  }

  // Label keys and values repeat across thousands of pods (app, team, pod-template-hash): one copy.
  private static Map<String, String> interned(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new HashMap<>(labels.size() * 2);
    labels.forEach((k, v) -> copy.put(k.intern(), v.intern()));
    return Map.copyOf(copy);
  }
}
