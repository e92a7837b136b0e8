package dev.costguard.cost;

import java.util.Map;

/** Whether a node is interruptible spot (preemptible) capacity or regular on-demand capacity. */
public enum CapacityType {
  OnDemand,
  Spot;

  /** The label each provider's node provisioner puts on spot nodes, with its spot value. */
  private static final Map<String, String> PROVIDER_SPOT_LABELS =
      Map.of(
          "karpenter.sh/capacity-type", "spot",
          "eks.amazonaws.com/capacityType", "SPOT",
          "cloud.google.com/gke-spot", "true",
          "cloud.google.com/gke-preemptible", "true",
          "kubernetes.azure.com/scalesetpriority", "spot");

  /**
   * Spot when any provider label says so (Karpenter, EKS managed node groups, GKE spot or
   * preemptible, AKS spot scale sets), or when the node carries all of the catalog's custom {@code
   * spotNodeLabels}; otherwise on-demand.
   */
  public static CapacityType of(
      Map<String, String> nodeLabels, Map<String, String> spotNodeLabels) {
    for (Map.Entry<String, String> label : PROVIDER_SPOT_LABELS.entrySet()) {
      if (label.getValue().equalsIgnoreCase(nodeLabels.get(label.getKey()))) {
        return Spot;
      }
    }
    boolean customSpot =
        !spotNodeLabels.isEmpty() && nodeLabels.entrySet().containsAll(spotNodeLabels.entrySet());
    return customSpot ? Spot : OnDemand;
  }
}
