package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription(
    "The schedule's state (Awake or Asleep) and next transition, the namespaces it"
        + " acts on, how many workloads it holds asleep, the estimated savings since the"
        + " period start in the catalog's currency, and the user changes it kept. Written by"
        + " the operator only.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ShutdownScheduleStatus extends CostguardStatus {
  @JsonPropertyDescription("Awake or Asleep.")
  public String state;

  @JsonPropertyDescription("When the schedule next changes state (RFC 3339).")
  public String nextTransition;

  @JsonPropertyDescription("Namespaces the schedule currently selects.")
  public List<String> namespaces = new ArrayList<>();

  @JsonPropertyDescription("Workloads currently put to sleep by this schedule.")
  public Integer sleepingWorkloads;

  @JsonPropertyDescription("Currency of estimatedSavings.")
  public String currency;

  @JsonPropertyDescription("Money saved this month by sleeping workloads (estimate).")
  public BigDecimal estimatedSavings;

  @JsonPropertyDescription(
      "From when estimatedSavings counts: the start of the month, or when Costguard first saw the"
          + " schedule if that was later (RFC 3339).")
  public String savingsSince;

  @JsonPropertyDescription("Workloads a person changed while asleep; wake-up left them as set.")
  public List<String> keptUserChanges = new ArrayList<>();
}
