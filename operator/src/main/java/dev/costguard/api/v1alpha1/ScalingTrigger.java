package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "self.type != 'Resource' || has(self.resource)",
    message = "a Resource trigger needs resource (cpu or memory)")
@ValidationRule(
    value = "self.type != 'Prometheus' || (has(self.serverAddress) && has(self.query))",
    message = "a Prometheus trigger needs serverAddress and query")
@ValidationRule(
    value = "self.scaleDownBelow < self.scaleUpAbove",
    message = "scaleDownBelow must be lower than scaleUpAbove")
public class ScalingTrigger {
  @Required
  @JsonPropertyDescription(
      "Resource reads CPU or memory utilisation from metrics.k8s.io; Prometheus runs a query.")
  public TriggerType type;

  @JsonPropertyDescription("For Resource: cpu or memory (utilisation in percent of requests).")
  public ResourceName resource;

  @JsonPropertyDescription(
      "For Prometheus: base URL of the server, e.g. http://prometheus.monitoring:9090. It must be"
          + " on the operator's allow-list.")
  public String serverAddress;

  @JsonPropertyDescription(
      "For Prometheus: an instant PromQL query returning one number, e.g."
          + " avg(DCGM_FI_DEV_GPU_UTIL{namespace=\"ml\"}).")
  public String query;

  @JsonPropertyDescription("For Prometheus: Secret in this namespace holding a bearer token.")
  public SecretKeyRef bearerTokenSecretRef;

  @Min(1)
  @Max(300)
  @Default("5")
  @JsonPropertyDescription("For Prometheus: seconds to wait for an answer.")
  public Integer timeoutSeconds;

  @Min(1)
  @Max(86400)
  @Default("300")
  @JsonPropertyDescription("A value older than this many seconds is unknown, never a reason to scale down.")
  public Integer maxAgeSeconds;

  @Required
  @JsonPropertyDescription("Scale up while the value is above this.")
  public Double scaleUpAbove;

  @Required
  @JsonPropertyDescription("Scale down while the value is below this (and every other trigger's is too).")
  public Double scaleDownBelow;

  public enum TriggerType {
    Resource,
    Prometheus
  }

  public enum ResourceName {
    cpu,
    memory
  }
}
