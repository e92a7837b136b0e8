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
    value = "!(self.type in ['Resource', 'ContainerResource']) || has(self.resource)",
    message = "a Resource or ContainerResource trigger needs resource (cpu or memory)")
@ValidationRule(
    value = "self.type != 'ContainerResource' || has(self.container)",
    message = "a ContainerResource trigger needs container")
@ValidationRule(
    value = "self.type != 'Prometheus' || (has(self.serverAddress) && has(self.query))",
    message = "a Prometheus trigger needs serverAddress and query")
@ValidationRule(
    value = "has(self.target) != (has(self.scaleUpAbove) || has(self.scaleDownBelow))",
    message = "a trigger has either a target or a band (scaleUpAbove and scaleDownBelow), not both")
@ValidationRule(
    value = "has(self.scaleUpAbove) == has(self.scaleDownBelow)",
    message = "a band needs both scaleUpAbove and scaleDownBelow")
@ValidationRule(
    value =
        "!has(self.scaleUpAbove) || !has(self.scaleDownBelow) || self.scaleDownBelow < self.scaleUpAbove",
    message = "scaleDownBelow must be lower than scaleUpAbove")
@ValidationRule(
    value = "!has(self.target) || self.target.type != 'Utilization' || self.type != 'Prometheus'",
    message =
        "a Utilization target is for Resource and ContainerResource triggers; use Value or AverageValue")
@ValidationRule(
    value = "!has(self.target) || self.target.type != 'Value' || self.type == 'Prometheus'",
    message = "a Value target is for Prometheus triggers; use Utilization or AverageValue")
public class ScalingTrigger {
  @Required
  @JsonPropertyDescription(
      "Resource reads the pods' CPU or memory from metrics.k8s.io; ContainerResource reads one"
          + " container's; Prometheus runs a query.")
  public TriggerType type;

  @JsonPropertyDescription("For Resource and ContainerResource: cpu or memory.")
  public ResourceName resource;

  @JsonPropertyDescription(
      "For ContainerResource: the container whose usage counts, e.g. the model server beside a sidecar.")
  public String container;

  @JsonPropertyDescription(
      "The value to hold, as a HorizontalPodAutoscaler's metric target: replicas follow"
          + " ceil(current x value / target), and change only when value / target is off 1 by more"
          + " than behavior's tolerance (default 0.1). Use this or a band, not both.")
  public MetricTarget target;

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
  @JsonPropertyDescription(
      "A value older than this many seconds is unknown, never a reason to scale down. For"
          + " Prometheus the age is judged on Prometheus's own clock (the Date of its answer minus"
          + " the sample's timestamp), so clock skew never makes a value stale; Prometheus itself"
          + " drops a series with no sample within its lookback delta (5 minutes by default).")
  public Integer maxAgeSeconds;

  @Min(0)
  @JsonPropertyDescription(
      "Band form: scale up while the value is above this. Replicas then aim at the band's middle,"
          + " as a target of (scaleUpAbove + scaleDownBelow) / 2 whose tolerance is the band.")
  public Double scaleUpAbove;

  @Min(0)
  @JsonPropertyDescription(
      "Band form: scale down while the value is below this (and every other trigger's is too).")
  public Double scaleDownBelow;

  public enum TriggerType {
    Resource,
    ContainerResource,
    Prometheus
  }

  public enum ResourceName {
    cpu,
    memory
  }
}
