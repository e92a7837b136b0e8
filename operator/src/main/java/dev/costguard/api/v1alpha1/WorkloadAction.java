package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One action in force (or planned) on one workload. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class WorkloadAction {
  @JsonPropertyDescription("What the budget does to the workload, e.g. ScaleToMinimum or Suspend.")
  public BudgetAction action;

  @JsonPropertyDescription(
      "Kind of the workload: Deployment, StatefulSet, HorizontalPodAutoscaler, CronJob, Job,"
          + " JobSet, a Kubeflow training job (PyTorchJob, TFJob...) or RayJob.")
  public String kind;

  @JsonPropertyDescription("Namespace of the workload.")
  public String namespace;

  @JsonPropertyDescription("Name of the workload.")
  public String name;

  @JsonPropertyDescription("When the action was applied (RFC 3339).")
  public String since;

  @JsonPropertyDescription(
      "Applied, or KeptUserChange when a person changed the workload while it was held.")
  public String state;
}
