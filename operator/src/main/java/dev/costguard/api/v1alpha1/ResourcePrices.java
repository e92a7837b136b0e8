package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prices per hour for one capacity type. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ResourcePrices {
  @Min(0)
  @JsonPropertyDescription("Price of one CPU core for one hour.")
  public BigDecimal cpuCoreHour;

  @Min(0)
  @JsonPropertyDescription("Price of one GiB of memory for one hour.")
  public BigDecimal memoryGiBHour;

  @Min(0)
  @JsonPropertyDescription("Price of one GPU for one hour when its model has no price of its own.")
  public BigDecimal gpuHour;

  @JsonPropertyDescription(
      "Price per GPU-hour by GPU model: the value of the node label nvidia.com/gpu.product,"
          + " e.g. NVIDIA-H100-80GB-HBM3.")
  public Map<String, BigDecimal> gpuModels = new LinkedHashMap<>();
}
