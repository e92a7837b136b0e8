package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.math.BigDecimal;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "has(self.discount) != has(self.prices)",
    message = "spot needs exactly one of discount or prices")
public class SpotPricing {
  @Min(0)
  @Max(1)
  @JsonPropertyDescription("Fraction taken off on-demand prices, e.g. 0.7 for 70% cheaper.")
  public BigDecimal discount;

  @JsonPropertyDescription("Explicit spot prices; a price left out falls back to on-demand.")
  public ResourcePrices prices;
}
