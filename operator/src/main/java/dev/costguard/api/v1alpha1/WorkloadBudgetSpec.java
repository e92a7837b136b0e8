package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "self.period != 'Weekly' || !has(self.startDay) || self.startDay <= 7",
    message = "startDay of a Weekly budget is an ISO day of week, 1 (Monday) to 7 (Sunday)")
@ValidationRule(
    value = "!has(self.thresholds) || self.thresholds.map(t, t.percent).isSorted()",
    message = "thresholds must be listed in ascending order of percent")
public class WorkloadBudgetSpec {
  @Required
  @JsonPropertyDescription("Which pods this budget pays for.")
  public BudgetSelector selector;

  @Required
  @JsonPropertyDescription("How much money the selected workloads may spend per period.")
  public BudgetLimit limit;

  @Required
  @JsonPropertyDescription("Length of a budget period: Daily, Weekly or Monthly.")
  public BudgetPeriod period;

  @Min(1)
  @Max(28)
  @Default("1")
  @JsonPropertyDescription(
      "First day of a period: for Weekly the ISO day of week (1 = Monday .. 7 = Sunday), for"
          + " Monthly the day of month (1..28). Ignored for Daily.")
  public Integer startDay;

  @Default("UTC")
  @JsonPropertyDescription("IANA time zone in which periods start, e.g. Europe/Berlin.")
  public String timeZone;

  @JsonPropertyDescription(
      "Name of the PriceCatalog that prices the pods; without it the default catalog applies.")
  public String priceCatalogRef;

  @JsonPropertyDescription(
      "Percentages of the limit at which actions start, in ascending order. An action stays in"
          + " force until the period rolls over, the limit is raised or the threshold removed.")
  public List<BudgetThreshold> thresholds = new ArrayList<>();

  @JsonPropertyDescription(
      "Workloads never touched by budget actions. Default: label costguard.dev/critical=true.")
  @ValidationRule(
      value = SchemaPatterns.SELECTOR_VALUES_RULE,
      message = SchemaPatterns.SELECTOR_VALUES_MESSAGE)
  public LabelSelector exempt;

  @Min(0)
  @Max(Integer.MAX_VALUE)
  @Default("1")
  @JsonPropertyDescription(
      "Replicas that ScaleToMinimum leaves to a workload that has no ScalingPolicy minimum.")
  public Integer minimumReplicas;

  @Default("Enforce")
  @JsonPropertyDescription("Enforce acts on workloads; DryRun only reports what it would do.")
  public Mode mode;

  @Default("Thresholds")
  @JsonPropertyDescription(
      "Thresholds (default): the threshold ladder only; spend can pass the limit while workloads"
          + " run at their minimum. Cap: also keep the projected spend at period end at or under"
          + " the limit by scaling the selected Deployments and StatefulSets down, lowest"
          + " costguard.dev/priority first, even to zero, and back up as money allows; the"
          + " overshoot is bounded by one capIntervalSeconds of the selected workloads' cost.")
  public Enforcement enforcement;

  @Min(10)
  @Max(3600)
  @Default("60")
  @JsonPropertyDescription(
      "Under enforcement Cap: seconds between two evaluations of the cap at most (changes to pods"
          + " re-evaluate it sooner). Spend can pass the limit by at most what the selected"
          + " workloads cost in this time.")
  public Integer capIntervalSeconds;
}
