package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The cap's decision at the last evaluation of a budget with {@code enforcement: Cap}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class CapStatus {
  @JsonPropertyDescription(
      "Money per hour the remaining money affords until the period ends: (limit - spent) / hours"
          + " left.")
  public BigDecimal affordableCostPerHour;

  @JsonPropertyDescription(
      "Money per hour of what the cap does not scale: exempt and critical workloads, Jobs, and"
          + " pods of no Deployment or StatefulSet the cap governs.")
  public BigDecimal uncappedCostPerHour;

  @JsonPropertyDescription(
      "Money per hour once the capped workloads run at their allowed replicas, uncapped cost"
          + " included.")
  public BigDecimal plannedCostPerHour;

  @JsonPropertyDescription(
      "The most spend can pass the limit by, with the workloads as they are: what the selected"
          + " workloads cost in one capIntervalSeconds at their wanted replicas.")
  public BigDecimal overshootBound;

  @JsonPropertyDescription("The capped workloads, highest priority first.")
  public List<CappedWorkload> workloads = new ArrayList<>();

  /** One workload under the cap. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class CappedWorkload {
    @JsonPropertyDescription("Deployment or StatefulSet.")
    public String kind;

    @JsonPropertyDescription("Namespace of the workload.")
    public String namespace;

    @JsonPropertyDescription("Name of the workload.")
    public String name;

    @JsonPropertyDescription(
        "Its costguard.dev/priority label: higher keeps its replicas longer; 0 without the label.")
    public Integer priority;

    @JsonPropertyDescription(
        "Replicas it would run without the cap (its HorizontalPodAutoscaler's maxReplicas when"
            + " one drives it).")
    public Integer wantedReplicas;

    @JsonPropertyDescription("Replicas the cap allows it now.")
    public Integer allowedReplicas;

    @JsonPropertyDescription("What one replica costs per hour, priced from its pod template.")
    public BigDecimal replicaCostPerHour;
  }
}
