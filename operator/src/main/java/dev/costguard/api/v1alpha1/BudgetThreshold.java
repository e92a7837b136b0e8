package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class BudgetThreshold {
  @Required
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription("Percentage of the limit at which the actions start.")
  public Integer percent;

  @Default("Actual")
  @JsonPropertyDescription(
      "Actual compares money spent so far; Forecast compares the forecast at period end.")
  public ThresholdBasis basis;

  @Required
  @Size(min = 1)
  @JsonPropertyDescription("What to do once the threshold is crossed.")
  public List<BudgetAction> actions = new ArrayList<>();

  public enum ThresholdBasis {
    Actual,
    Forecast
  }
}
