package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.BudgetLimit;
import dev.costguard.api.v1alpha1.BudgetPeriod;
import dev.costguard.api.v1alpha1.BudgetThreshold;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetEvaluationTest {
  /**
   * A daily UTC budget of 100: Notify at 50% spent, ScaleToMinimum at 80% forecast, Suspend at
   * 100%.
   */
  private static final String THRESHOLDS =
      "50:Actual:Notify;80:Forecast:ScaleToMinimum;100:Actual:Suspend";

  /**
   * previous status as {@code periodStart,spent,accruedUntil,costPerHour,activeThresholds,
   * observedGeneration} ({@code none} for a new budget) | generation | cost per hour now | now |
   * want spent | forecast | active | newly crossed | at risk | exceeded.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          a new budget accrues nothing yet            | none                                                        | 1 | 2   | 2026-06-10T12:00:00Z | 0     | 24    | none  | none | false | false
          the past interval at the past rate, forecast at today's | 2026-06-10T00:00:00Z,10,2026-06-10T10:00:00Z,2,,1 | 1 | 4 | 2026-06-10T12:00:00Z | 14 | 62 | none | none | false | false
          spend reaches 50%: Notify, newly            | 2026-06-10T00:00:00Z,40,2026-06-10T10:00:00Z,5,,1           | 1 | 1   | 2026-06-10T12:00:00Z | 50    | 62    | 50    | 50   | false | false
          forecast over 80%: at risk too              | 2026-06-10T00:00:00Z,40,2026-06-10T10:00:00Z,5,50,1         | 1 | 5   | 2026-06-10T12:00:00Z | 50    | 110   | 50,80 | 80   | true  | false
          a Forecast threshold stays after its action lowered the rate | 2026-06-10T00:00:00Z,50,2026-06-10T12:00:00Z,5,50;80,1 | 1 | 0.1 | 2026-06-10T13:00:00Z | 55 | 56.1 | 50,80 | none | false | false
          a changed spec evaluates thresholds afresh  | 2026-06-10T00:00:00Z,50,2026-06-10T12:00:00Z,5,50;80,1      | 2 | 0.1 | 2026-06-10T13:00:00Z | 55    | 56.1  | 50    | none | false | false
          limit reached: Suspend, exceeded            | 2026-06-10T00:00:00Z,95,2026-06-10T20:00:00Z,5,50;80,1      | 1 | 5   | 2026-06-10T21:00:00Z | 100   | 115   | 50,80,100 | 100 | true | true
          rollover: the new period starts afresh      | 2026-06-10T00:00:00Z,95,2026-06-10T23:00:00Z,5,50;80;100,1  | 1 | 1   | 2026-06-11T01:00:00Z | 5     | 28    | none  | none | false | false
          status money is kept to micro-units, half-even | 2026-06-10T00:00:00Z,0,2026-06-10T10:00:00Z,0.0000015,,1 | 1 | 0 | 2026-06-10T11:00:00Z | 0.000002 | 0.000002 | none | none | false | false
          """)
  void evaluationOfABudgetAtAnInstant(
      String scenario,
      String previous,
      long generation,
      BigDecimal costPerHour,
      Instant now,
      BigDecimal wantSpent,
      BigDecimal wantForecast,
      String wantActive,
      String wantNew,
      boolean wantAtRisk,
      boolean wantExceeded) {
    WorkloadBudgetSpec spec = spec();
    BudgetEvaluation evaluation =
        BudgetEvaluation.evaluate(
            spec, generation, status(previous), costPerHour, now, BudgetCalendar.of(spec));

    assertThat(evaluation.spent()).isEqualByComparingTo(wantSpent);
    assertThat(evaluation.spent().scale()).isEqualTo(6);
    assertThat(evaluation.forecast()).isEqualByComparingTo(wantForecast);
    assertThat(evaluation.activePercents()).isEqualTo(percents(wantActive));
    assertThat(evaluation.newlyCrossed().stream().map(t -> t.percent).toList())
        .isEqualTo(percents(wantNew));
    assertThat(evaluation.atRisk()).isEqualTo(wantAtRisk);
    assertThat(evaluation.exceeded()).isEqualTo(wantExceeded);
    assertThat(evaluation.accrual().state().accruedUntil()).isEqualTo(now);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          the actions of every active threshold, mildest first | 2026-06-10T00:00:00Z,95,2026-06-10T20:00:00Z,5,50;80,1 | Notify,ScaleToMinimum,Suspend
          """)
  void actionsInForce(String scenario, String previous, String want) {
    WorkloadBudgetSpec spec = spec();
    BudgetEvaluation evaluation =
        BudgetEvaluation.evaluate(
            spec,
            1L,
            status(previous),
            BigDecimal.valueOf(5),
            Instant.parse("2026-06-10T21:00:00Z"),
            BudgetCalendar.of(spec));
    assertThat(evaluation.actions())
        .containsExactlyElementsOf(
            Arrays.stream(want.split(",")).map(BudgetAction::valueOf).toList());
  }

  /**
   * The daily budget above, crossed at 50% and 80% and then its calendar edited (generation 2):
   * previous period start | time zone | start day | period | want spent | want active. The spend is
   * carried and the thresholds in force stay in force: an edit alone never releases an action.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      time zone edited (daily)   | 2026-06-10T00:00:00Z | Asia/Tokyo | 1 | Daily   | 65 | 50,80
      period edited to weekly    | 2026-06-10T00:00:00Z | UTC        | 1 | Weekly  | 65 | 50,80
      start day edited (monthly) | 2026-06-01T00:00:00Z | UTC        | 5 | Monthly | 65 | 50,80
      """)
  void aCalendarEditKeepsSpendAndThresholdsInForce(
      String scenario,
      String periodStart,
      String zone,
      int startDay,
      BudgetPeriod period,
      BigDecimal wantSpent,
      String wantActive) {
    WorkloadBudgetSpec spec = spec();
    spec.timeZone = zone;
    spec.startDay = startDay;
    spec.period = period;
    WorkloadBudgetStatus previous = status(periodStart + ",60,2026-06-10T12:00:00Z,5,50;80,1");
    BudgetEvaluation edited =
        BudgetEvaluation.evaluate(
            spec,
            2L,
            previous,
            BigDecimal.valueOf(0.1),
            Instant.parse("2026-06-10T13:00:00Z"),
            BudgetCalendar.of(spec));

    assertThat(edited.spent()).isEqualByComparingTo(wantSpent);
    assertThat(edited.accrual().carriedOver()).isPresent();
    assertThat(edited.activePercents()).isEqualTo(percents(wantActive));
    assertThat(edited.newlyCrossed()).as("no second Notify").isEmpty();

    // The next evaluation, with the edited status, keeps them too.
    WorkloadBudgetStatus after =
        status(
            edited.accrual().state().periodStart()
                + ","
                + edited.spent()
                + ","
                + edited.accrual().state().accruedUntil()
                + ",0.1,"
                + wantActive.replace(',', ';')
                + ",2");
    BudgetEvaluation next =
        BudgetEvaluation.evaluate(
            spec,
            2L,
            after,
            BigDecimal.valueOf(0.1),
            Instant.parse("2026-06-10T13:30:00Z"),
            BudgetCalendar.of(spec));
    assertThat(next.accrual().carriedOver()).isEmpty();
    assertThat(next.activePercents()).isEqualTo(percents(wantActive));
  }

  private static WorkloadBudgetSpec spec() {
    WorkloadBudgetSpec spec = new WorkloadBudgetSpec();
    spec.period = BudgetPeriod.Daily;
    spec.timeZone = "UTC";
    spec.limit = new BudgetLimit();
    spec.limit.amount = BigDecimal.valueOf(100);
    spec.limit.currency = "USD";
    spec.thresholds =
        Arrays.stream(THRESHOLDS.split(";"))
            .map(
                t -> {
                  String[] parts = t.split(":");
                  BudgetThreshold threshold = new BudgetThreshold();
                  threshold.percent = Integer.valueOf(parts[0]);
                  threshold.basis = BudgetThreshold.ThresholdBasis.valueOf(parts[1]);
                  threshold.actions = List.of(BudgetAction.valueOf(parts[2]));
                  return threshold;
                })
            .toList();
    return spec;
  }

  private static WorkloadBudgetStatus status(String previous) {
    if (previous == null) {
      return null;
    }
    String[] fields = previous.split(",", -1);
    WorkloadBudgetStatus status = new WorkloadBudgetStatus();
    status.periodStart = fields[0];
    status.spent = new BigDecimal(fields[1]);
    status.accruedUntil = fields[2];
    status.costPerHour = new BigDecimal(fields[3]);
    status.activeThresholds = percents(fields[4].isEmpty() ? null : fields[4].replace(';', ','));
    status.observedGeneration = Long.valueOf(fields[5]);
    return status;
  }

  private static List<Integer> percents(String list) {
    return list == null ? List.of() : Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
  }
}
