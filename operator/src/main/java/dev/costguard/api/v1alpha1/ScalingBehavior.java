package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** HorizontalPodAutoscaler-style behaviour, with the same defaults. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ScalingBehavior {
  @JsonPropertyDescription("Scale-up rules; default: no stabilisation, +100% or +4 pods per 15 s.")
  public Rules scaleUp;

  @JsonPropertyDescription("Scale-down rules; default: 300 s stabilisation, -100% per 15 s.")
  public Rules scaleDown;

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Rules {
    @Min(0)
    @Max(3600)
    @JsonPropertyDescription("Seconds of past recommendations considered before changing replicas.")
    public Integer stabilizationWindowSeconds;

    @Min(0)
    @Max(1)
    @JsonPropertyDescription(
        "How far value / target may be off 1 before replicas change in this direction, as in a"
            + " HorizontalPodAutoscaler's behavior (default 0.1: 10%). Applies to target triggers;"
            + " a band's edges are its tolerance.")
    public Double tolerance;

    @JsonPropertyDescription("Max picks the policy allowing the biggest change, Min the smallest.")
    public SelectPolicy selectPolicy;

    @JsonPropertyDescription("Limits on how much replicas may change per period.")
    public List<StepPolicy> policies = new ArrayList<>();
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class StepPolicy {
    @Required
    @JsonPropertyDescription("Pods (a number of replicas) or Percent (of the current replicas).")
    public StepType type;

    @Required
    @Min(1)
    @Max(Integer.MAX_VALUE)
    @JsonPropertyDescription("Pods, or percent of current replicas, allowed per period.")
    public Integer value;

    @Required
    @Min(1)
    @Max(1800)
    @JsonPropertyDescription("The window the limit applies to, in seconds (1 to 1800).")
    public Integer periodSeconds;
  }

  public enum StepType {
    Pods,
    Percent
  }

  public enum SelectPolicy {
    Max,
    Min,
    Disabled
  }
}
