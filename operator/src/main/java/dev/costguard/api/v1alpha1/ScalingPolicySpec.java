package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription(
    "How to scale one Deployment or StatefulSet: minReplicas..maxReplicas, the"
        + " triggers (CPU, memory, Prometheus queries) with their targets or bands, scale-up"
        + " and scale-down behaviour, replica schedules, the budget that caps it and"
        + " optional spot placement. Written by you; the operator never changes it.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "self.minReplicas <= self.maxReplicas",
    message = "minReplicas must not exceed maxReplicas")
@ValidationRule(
    value = "!has(self.schedules) || self.schedules.all(s, s.minReplicas <= self.maxReplicas)",
    message = "a schedule's minReplicas must not exceed maxReplicas")
public class ScalingPolicySpec {
  @Required
  @JsonPropertyDescription("The Deployment or StatefulSet to scale, in this namespace.")
  public TargetRef targetRef;

  @Min(0)
  @Max(Integer.MAX_VALUE)
  @Default("1")
  @JsonPropertyDescription("Fewest replicas the policy scales down to.")
  public Integer minReplicas;

  @Required
  @Min(1)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("Most replicas the policy scales up to.")
  public Integer maxReplicas;

  @JsonPropertyDescription(
      "Metrics to scale on. The policy scales up when any trigger is above its scaleUpAbove,"
          + " and down only when every trigger is below its scaleDownBelow.")
  public List<ScalingTrigger> triggers = new ArrayList<>();

  @JsonPropertyDescription("How fast to scale, as in HorizontalPodAutoscaler behavior.")
  public ScalingBehavior behavior;

  @Size(max = 32) // a CEL rule runs over every item: the API server needs the list bounded
  @JsonPropertyDescription("Time windows that raise minReplicas, e.g. for peak hours (at most 32).")
  public List<ReplicaSchedule> schedules = new ArrayList<>();

  @JsonPropertyDescription(
      "Name of a WorkloadBudget: the policy never scales above what the budget's remaining money"
          + " can pay for until period end, and obeys its BlockScaleUp and ScaleToMinimum actions.")
  public String budgetRef;

  @JsonPropertyDescription("Placement of the workload's pods on spot capacity.")
  public SpotPlacementSpec spot;

  @Default("Enforce")
  @JsonPropertyDescription("Enforce scales the workload; DryRun only reports desired replicas.")
  public Mode mode;
}
