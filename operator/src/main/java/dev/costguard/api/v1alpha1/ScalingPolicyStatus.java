package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription(
    "What the policy saw and did: current and desired replicas, each trigger's last"
        + " value (or why it is unknown), the recommendations inside the stabilisation"
        + " window, recent scale events, what limited the replicas and how they were applied"
        + " (directly, via an HPA or a KEDA ScaledObject). Written by the operator only.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ScalingPolicyStatus extends CostguardStatus {
  @JsonPropertyDescription("Replicas of the target when last observed.")
  public Integer currentReplicas;

  @JsonPropertyDescription("Replicas the policy wants now, also in DryRun.")
  public Integer desiredReplicas;

  @JsonPropertyDescription(
      "What the policy writes: the target's replicas, or the minReplicas/maxReplicas of the"
          + " HorizontalPodAutoscaler or KEDA ScaledObject that scales it, e.g."
          + " HorizontalPodAutoscaler/chat-inference.")
  public String scaledVia;

  @JsonPropertyDescription("When the policy last changed replicas (RFC 3339).")
  public String lastScaleTime;

  @JsonPropertyDescription("What held desired replicas back: MaxReplicas, Budget or Schedule.")
  public String limitedBy;

  @JsonPropertyDescription(
      "Spot when the pod template asks for spot capacity, else OnDemand; KeptUserChange when a"
          + " person changed the scheduling fields Costguard set.")
  public String placement;

  @JsonPropertyDescription("Last value of each trigger, in the order of spec.triggers.")
  public List<TriggerValue> metrics = new ArrayList<>();

  @JsonPropertyDescription(
      "Replica recommendations within the longest stabilisation window, one entry each time the"
          + " recommendation changed, so that a restart does not cause a jump.")
  public List<Recommendation> recommendations = new ArrayList<>();

  @JsonPropertyDescription(
      "Scale changes within the longest step-policy period, for the Pods and Percent limits.")
  public List<ScaleEvent> scaleEvents = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class TriggerValue {
    @JsonPropertyDescription("The trigger's name, or its type and position when it has none.")
    public String trigger;

    @JsonPropertyDescription("The value read, in the trigger's unit; absent while unknown.")
    public Double value;

    @JsonPropertyDescription("When the value was observed (RFC 3339).")
    public String observedAt;

    @JsonPropertyDescription("Why the value is unknown, when it is.")
    public String error;
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Recommendation {
    @JsonPropertyDescription("Since when (RFC 3339).")
    public String time;

    @JsonPropertyDescription("The replicas the triggers asked for then.")
    public Integer replicas;
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class ScaleEvent {
    @JsonPropertyDescription("When (RFC 3339).")
    public String time;

    @JsonPropertyDescription("Replicas added (positive) or removed (negative).")
    public Integer change;
  }
}
