package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The budget's admission queue: jobs labelled {@code costguard.dev/budget: <this budget>} and
 * created suspended start only when the money left covers their estimated cost.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class JobAdmission {
  @JsonPropertyDescription(
      "Money held back for admitted jobs still running: each job's cost per hour times the part"
          + " of its maximum run time not yet used. Admission counts it as spent.")
  public BigDecimal reserved;

  @JsonPropertyDescription(
      "Money a waiting job may be admitted with now: limit - spent - reserved (never below 0).")
  public BigDecimal available;

  @JsonPropertyDescription(
      "Jobs waiting or refused, in admission order: priority (label costguard.dev/priority,"
          + " higher first), then creation time (older first).")
  public List<Job> queue = new ArrayList<>();

  @JsonPropertyDescription("Admitted jobs that still hold money reserved.")
  public List<Job> admitted = new ArrayList<>();

  /** One job in the queue or admitted. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class Job {
    @JsonPropertyDescription("Kind of the job: Job, JobSet, PyTorchJob (or a sibling), RayJob.")
    public String kind;

    @JsonPropertyDescription("Namespace of the job.")
    public String namespace;

    @JsonPropertyDescription("Name of the job.")
    public String name;

    @JsonPropertyDescription("Queued, Refused or Admitted.")
    public String state;

    @JsonPropertyDescription(
        "Why it waits or was refused: InsufficientBudget, ExceedsLimit, BudgetSuspended, DryRun,"
            + " NoRunTimeBound, InvalidMaxRunTime, NothingToPrice, UnreadableJob,"
            + " NamespaceNotSelected.")
    public String reason;

    @JsonPropertyDescription("Place in the queue, from 1, among the jobs waiting for money.")
    public Integer position;

    @JsonPropertyDescription("Its admission priority (label costguard.dev/priority; default 0).")
    public Integer priority;

    @JsonPropertyDescription(
        "Estimated cost: pods' requests x catalog prices x its maximum run time, in the budget's"
            + " currency.")
    public BigDecimal estimatedCost;

    @JsonPropertyDescription("For admitted jobs: money still reserved for it.")
    public BigDecimal reserved;

    @JsonPropertyDescription("For admitted jobs: when Costguard admitted it (RFC 3339).")
    public String admittedAt;
  }
}
