package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.math.BigDecimal;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class BudgetLimit {
  @Required
  @Min(0)
  @JsonPropertyDescription("Money the selected workloads may spend per period.")
  public BigDecimal amount;

  @Required
  @Pattern(SchemaPatterns.CURRENCY)
  @JsonPropertyDescription("ISO 4217 currency; must equal the price catalog's currency.")
  public String currency;
}
