package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class WorkloadBudgetStatus extends CostguardStatus {
  @JsonPropertyDescription("Currency of the money fields below.")
  public String currency;

  @JsonPropertyDescription("Start of the current period (RFC 3339).")
  public String periodStart;

  @JsonPropertyDescription("End of the current period (RFC 3339).")
  public String periodEnd;

  @JsonPropertyDescription("Money spent in the current period up to accruedUntil.")
  public BigDecimal spent;

  @JsonPropertyDescription("Instant up to which spend has been accrued (RFC 3339).")
  public String accruedUntil;

  @JsonPropertyDescription("Current cost rate of the selected pods, money per hour.")
  public BigDecimal costPerHour;

  @JsonPropertyDescription("Forecast spend at period end: spent + costPerHour x hours left.")
  public BigDecimal forecast;

  @JsonPropertyDescription("Spent as a percentage of the limit, e.g. 42%.")
  public String utilization;

  @JsonPropertyDescription("Total of the previous period, kept after rollover.")
  public PeriodTotal previousPeriod;

  @JsonPropertyDescription(
      "What happened to earlier periods, newest first, at most 12 entries: each closed period with"
          + " its total, and each edit of period, startDay or timeZone, whose spend so far was carried"
          + " whole into the re-anchored period named by carriedInto (that money is counted there,"
          + " not again here).")
  public List<PeriodTotal> history = new ArrayList<>();

  @JsonPropertyDescription("Percentages of the thresholds currently crossed.")
  public List<Integer> activeThresholds = new ArrayList<>();

  @JsonPropertyDescription("Actions in force on workloads.")
  public List<WorkloadAction> actions = new ArrayList<>();

  @JsonPropertyDescription("In DryRun mode: the actions that would be in force.")
  public List<WorkloadAction> plannedActions = new ArrayList<>();

  @JsonPropertyDescription(
      "Under enforcement Cap: what the remaining money affords and the replicas each capped"
          + " workload may run (in DryRun, would run).")
  public CapStatus cap;

  @JsonPropertyDescription(
      "Keys of the notifications published in the current period (kind/periodStart/subject), so"
          + " that a restarted operator does not send them again.")
  public List<String> notified = new ArrayList<>();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class PeriodTotal {
    @JsonPropertyDescription("Start of the period (RFC 3339).")
    public String start;

    @JsonPropertyDescription(
        "End of the period, or where accrual had got when the calendar was edited (RFC 3339).")
    public String end;

    @JsonPropertyDescription("Money spent from start to end, in the limit's currency.")
    public BigDecimal spent;

    @JsonPropertyDescription(
        "Set when a calendar edit ended this period early: the start of the period its spend was"
            + " carried into (RFC 3339).")
    public String carriedInto;
  }
}
