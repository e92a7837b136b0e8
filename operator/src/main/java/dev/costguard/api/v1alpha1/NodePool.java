package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Nodes priced as a whole, whose price their pods share by requests. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class NodePool {
  @Required
  @JsonPropertyDescription("Name of the pool, shown in metrics and status.")
  public String name;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("Node labels that select the pool's nodes (all must match).")
  public Map<String, String> nodeSelector = new LinkedHashMap<>();

  @Required
  @Min(0)
  @JsonPropertyDescription("Price of one node of the pool for one hour.")
  public BigDecimal nodeHour;
}
