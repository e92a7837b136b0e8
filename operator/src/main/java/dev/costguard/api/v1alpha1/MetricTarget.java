package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * A trigger's target, written as in a HorizontalPodAutoscaler's metric target ({@code
 * autoscaling/v2 MetricTarget}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "self.type != 'Utilization' || has(self.averageUtilization)",
    message = "a Utilization target needs averageUtilization")
@ValidationRule(
    value = "self.type != 'AverageValue' || has(self.averageValue)",
    message = "an AverageValue target needs averageValue")
@ValidationRule(
    value = "self.type != 'Value' || has(self.value)",
    message = "a Value target needs value")
public class MetricTarget {
  @Required
  @JsonPropertyDescription(
      "Utilization: average percent of the pods' requests (Resource, ContainerResource)."
          + " AverageValue: the value per pod, e.g. 500m CPU or 20 queued requests per replica."
          + " Value: the whole value (Prometheus), replicas follow value / target.")
  public TargetType type;

  @Min(1)
  @Max(100000)
  @JsonPropertyDescription("For Utilization: percent of the pods' requests, e.g. 60.")
  public Integer averageUtilization;

  @JsonPropertyDescription(
      "For AverageValue: the value per pod as a Kubernetes quantity, e.g. 500m, 2Gi, \"0.5\" or 20.")
  public Quantity averageValue;

  @JsonPropertyDescription(
      "For Value: the whole value as a Kubernetes quantity, e.g. 100 or \"0.8\".")
  public Quantity value;

  public enum TargetType {
    Utilization,
    AverageValue,
    Value
  }
}
