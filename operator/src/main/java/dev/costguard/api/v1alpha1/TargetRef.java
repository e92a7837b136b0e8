package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class TargetRef {
  @Default("apps/v1")
  @JsonPropertyDescription("API version of the target, apps/v1.")
  public String apiVersion;

  @Required
  @JsonPropertyDescription("Deployment or StatefulSet.")
  public WorkloadKind kind;

  @Required
  @JsonPropertyDescription("Name of the target in the policy's namespace.")
  public String name;

  @JsonPropertyDescription(
      "Optional; when set it must be the policy's namespace. A policy never acts on another"
          + " namespace's workloads.")
  public String namespace;

  public enum WorkloadKind {
    Deployment,
    StatefulSet
  }
}
