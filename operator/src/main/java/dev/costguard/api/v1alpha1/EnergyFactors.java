package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Average power draw of requested resources, for energy and carbon estimates. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class EnergyFactors {
  @Min(0)
  @JsonPropertyDescription("Watts drawn per requested CPU core.")
  public BigDecimal cpuCoreWatts;

  @Min(0)
  @JsonPropertyDescription("Watts drawn per requested GiB of memory.")
  public BigDecimal memoryGiBWatts;

  @Min(0)
  @JsonPropertyDescription("Watts drawn per GPU when its model has no figure of its own.")
  public BigDecimal gpuWatts;

  @JsonPropertyDescription("Watts per GPU by model (nvidia.com/gpu.product label value).")
  public Map<String, BigDecimal> gpuModelWatts = new LinkedHashMap<>();

  @Min(1)
  @Default("1")
  @JsonPropertyDescription("Power usage effectiveness of the data centre (1.0 means no overhead).")
  public BigDecimal pue;

  @Min(0)
  @JsonPropertyDescription("Grid carbon intensity in grams CO2e per kWh.")
  public BigDecimal gridCarbonGramsPerKWh;
}
