package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ScalingPolicyStatus extends CostguardStatus {
  public Integer currentReplicas;
  public Integer desiredReplicas;

  @JsonPropertyDescription("When the policy last changed replicas (RFC 3339).")
  public String lastScaleTime;

  @JsonPropertyDescription("What held desired replicas back: MaxReplicas, Budget or Schedule.")
  public String limitedBy;

  @JsonPropertyDescription("Spot when the pod template asks for spot capacity, else OnDemand.")
  public String placement;

  @JsonPropertyDescription("Last value of each trigger, in the order of spec.triggers.")
  public List<TriggerValue> metrics = new ArrayList<>();

  @JsonPropertyDescription(
      "Recent recommendations and scale events kept for stabilisation and step policies, so that"
          + " a restart does not cause a jump.")
  public List<Recommendation> recommendations = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class TriggerValue {
    public String trigger;
    public Double value;

    @JsonPropertyDescription("When the value was observed (RFC 3339).")
    public String observedAt;

    @JsonPropertyDescription("Why the value is unknown, when it is.")
    public String error;
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Recommendation {
    public String time;
    public Integer replicas;
  }
}
