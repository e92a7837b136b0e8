package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "self.provider != 'Custom' || (has(self.nodeLabels) && size(self.nodeLabels) > 0)",
    message = "a Custom spot provider needs nodeLabels")
public class SpotPlacementSpec {
  @Default("false")
  @JsonPropertyDescription(
      "Whether the workload may run on spot capacity. Workloads labelled"
          + " costguard.dev/critical=true are never moved.")
  public Boolean eligible;

  @Default("Auto")
  @JsonPropertyDescription(
      "Which spot labels and taints to use: Karpenter, EKS, GKE, AKS, Custom, or Auto (from the"
          + " cluster's nodes).")
  public SpotProvider provider;

  @Default("Preferred")
  @JsonPropertyDescription(
      "Preferred adds a weighted node affinity and a toleration (falls back to on-demand);"
          + " Required adds a node selector and a toleration.")
  public SpotMode mode;

  @JsonPropertyDescription("For Custom: node labels of spot nodes.")
  public Map<String, String> nodeLabels = new LinkedHashMap<>();

  @JsonPropertyDescription("For Custom: taint key on spot nodes to tolerate, if any.")
  public String taintKey;

  public enum SpotProvider {
    Auto,
    Karpenter,
    EKS,
    GKE,
    AKS,
    Custom
  }

  public enum SpotMode {
    Preferred,
    Required
  }
}
