package dev.costguard.sandbox.controlplane;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node that kwok plays: it becomes Ready, keeps its Lease, and the pods the scheduler binds to it
 * become Running. Labels carry what Costguard reads (capacity type, instance type, GPUs).
 */
public final class KwokNode {
  private KwokNode() {}

  public static Node of(
      String name,
      Map<String, String> labels,
      List<Taint> taints,
      String cpu,
      String memory,
      int gpus) {
    Map<String, String> allLabels = new LinkedHashMap<>();
    allLabels.put("kubernetes.io/hostname", name);
    allLabels.put("kubernetes.io/os", "linux");
    allLabels.put("kubernetes.io/arch", "amd64");
    allLabels.put("type", "kwok");
    allLabels.putAll(labels);
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(cpu));
    capacity.put("memory", new Quantity(memory));
    capacity.put("pods", new Quantity("110"));
    if (gpus > 0) {
      capacity.put("nvidia.com/gpu", new Quantity(Integer.toString(gpus)));
    }
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(allLabels)
        .withAnnotations(
            Map.of(ControlPlane.KWOK_NODE_ANNOTATION, "fake", "node.alpha.kubernetes.io/ttl", "0"))
        .endMetadata()
        .withNewSpec()
        .withTaints(taints)
        .endSpec()
        .withNewStatus()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .endStatus()
        .build();
  }
}
