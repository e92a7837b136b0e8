package dev.costguard.placement;

import dev.costguard.api.v1alpha1.SpotPlacementSpec;
import dev.costguard.api.v1alpha1.SpotPlacementSpec.SpotProvider;
import io.fabric8.kubernetes.api.model.Node;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How spot nodes are recognised: the node labels they carry and the taint, if any, that keeps other
 * pods off them.
 *
 * @param taintValue the taint's value, or {@code null} to tolerate the key with any value
 */
public record SpotCapacity(
    SpotProvider provider, Map<String, String> nodeLabels, String taintKey, String taintValue) {
  public static final SpotCapacity KARPENTER =
      new SpotCapacity(
          SpotProvider.Karpenter, Map.of("karpenter.sh/capacity-type", "spot"), null, null);
  public static final SpotCapacity EKS =
      new SpotCapacity(
          SpotProvider.EKS, Map.of("eks.amazonaws.com/capacityType", "SPOT"), null, null);
  public static final SpotCapacity GKE =
      new SpotCapacity(
          SpotProvider.GKE,
          Map.of("cloud.google.com/gke-spot", "true"),
          "cloud.google.com/gke-spot",
          "true");
  public static final SpotCapacity AKS =
      new SpotCapacity(
          SpotProvider.AKS,
          Map.of("kubernetes.azure.com/scalesetpriority", "spot"),
          "kubernetes.azure.com/scalesetpriority",
          "spot");

  /** The providers Auto chooses from, in the order that breaks ties. */
  static final List<SpotCapacity> KNOWN = List.of(KARPENTER, EKS, GKE, AKS);

  public SpotCapacity {
    nodeLabels = Map.copyOf(nodeLabels);
  }

  /** The capacity a policy names; empty for Auto, which {@link #detect} answers. */
  public static Optional<SpotCapacity> of(SpotPlacementSpec spec) {
    SpotProvider provider = spec.provider == null ? SpotProvider.Auto : spec.provider;
    return switch (provider) {
      case Auto -> Optional.empty();
      case Custom ->
          Optional.of(
              new SpotCapacity(
                  SpotProvider.Custom, spec.nodeLabels, blankToNull(spec.taintKey), null));
      default -> KNOWN.stream().filter(c -> c.provider() == provider).findFirst();
    };
  }

  /**
   * The provider with the most spot nodes that the pod template's node selector already fits (a GPU
   * model, a zone), so that Auto never points a workload at spot nodes it cannot use. Empty when
   * the cluster has no such node.
   */
  public static Optional<SpotCapacity> detect(
      List<Node> nodes, Map<String, String> templateNodeSelector) {
    Map<SpotProvider, Integer> counts = new EnumMap<>(SpotProvider.class);
    for (Node node : nodes) {
      Map<String, String> labels = labelsOf(node);
      if (!labels.entrySet().containsAll(templateNodeSelector.entrySet())) {
        continue;
      }
      KNOWN.stream()
          .filter(c -> c.matches(labels))
          .forEach(c -> counts.merge(c.provider(), 1, Integer::sum));
    }
    return KNOWN.stream()
        .filter(c -> counts.containsKey(c.provider()))
        .max(
            Comparator.comparingInt((SpotCapacity c) -> counts.get(c.provider()))
                .thenComparing(c -> -KNOWN.indexOf(c)));
  }

  /** Whether a node with these labels is spot capacity of this kind. */
  public boolean matches(Map<String, String> labels) {
    return labels.entrySet().containsAll(nodeLabels.entrySet());
  }

  private static Map<String, String> labelsOf(Node node) {
    return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
