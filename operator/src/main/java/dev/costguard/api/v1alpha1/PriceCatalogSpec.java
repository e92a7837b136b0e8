package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonClassDescription(
    "The prices of one catalog: on-demand rates per CPU core-hour, GiB-hour and"
        + " GPU-hour, spot rates or a spot discount, node pools with their own prices (e.g."
        + " on-prem GPU nodes), energy and carbon factors, and the currency. Written by you;"
        + " the operator never changes it.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "has(self.onDemand.cpuCoreHour) && has(self.onDemand.memoryGiBHour)",
    message =
        "onDemand needs cpuCoreHour and memoryGiBHour: a price left out would make that resource"
            + " free (write 0 to mean it)")
public class PriceCatalogSpec {
  @Required
  @Pattern(SchemaPatterns.CURRENCY)
  @JsonPropertyDescription("ISO 4217 currency of every price in this catalog, e.g. USD or EUR.")
  public String currency;

  @JsonProperty("default")
  @Default("false")
  @JsonPropertyDescription(
      "Marks the catalog used by budgets and schedules that name none. At most one catalog may"
          + " be the default; with none, OpenCost's public default prices in USD apply.")
  public boolean isDefault;

  @Required
  @JsonPropertyDescription(
      "On-demand prices per hour. cpuCoreHour and memoryGiBHour are required; GPUs without a"
          + " price (gpuHour or their model's) cost nothing.")
  public ResourcePrices onDemand;

  @JsonPropertyDescription(
      "Spot (preemptible) prices: either a discount off on-demand or explicit prices."
          + " Without it, spot capacity is priced as on-demand.")
  public SpotPricing spot;

  @JsonPropertyDescription(
      "Node labels that mark spot capacity beyond the built-in Karpenter, EKS, GKE and AKS labels,"
          + " e.g. {\"node.example.com/lifecycle\": \"spot\"}. A node with all of them is spot.")
  public Map<String, String> spotNodeLabels = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "Pools of nodes priced per node-hour (reserved, on-prem or hybrid). A pod on such a node"
          + " costs its share of the node price by requests, as OpenCost does. First match wins.")
  public List<NodePool> nodePools = new ArrayList<>();

  @JsonPropertyDescription("Power figures for energy and carbon estimates. Optional.")
  public EnergyFactors energy;
}
