package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.kube.Conditions;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A budget's status is written when a person would see it change, and at least hourly. */
class BudgetCheckpointTest {

  /** stored: accrued 10:00, spent 1.231, forecast 5.001, 0.5/h, BudgetExceeded False. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      nothing moved                          | 10:00:00 | 1.231    | 5.001 | 0.5 | false | false
      spent moved below a cent               | 10:00:30 | 1.234    | 5.001 | 0.5 | false | false
      ten minutes, still the same cent       | 10:10:00 | 1.2349   | 5.004 | 0.5 | false | false
      spent moved a cent                     | 10:01:00 | 1.236    | 5.001 | 0.5 | false | true
      forecast moved a cent                  | 10:00:30 | 1.231    | 5.009 | 0.5 | false | true
      the cost rate changed                  | 10:00:30 | 1.231    | 5.001 | 0.6 | false | true
      a condition changed                    | 10:00:30 | 1.231    | 5.001 | 0.5 | true  | true
      the checkpoint is an hour old          | 11:00:00 | 1.231    | 5.001 | 0.5 | false | true
      """)
  void writesWhatAPersonWouldSee(
      String scenario,
      String accruedUntil,
      String spent,
      String forecast,
      String rate,
      boolean exceeded,
      boolean write) {
    WorkloadBudgetStatus stored = status("10:00:00", "1.231", "5.001", "0.5", false);
    WorkloadBudgetStatus next = status(accruedUntil, spent, forecast, rate, exceeded);
    assertThat(BudgetCheckpoint.worthWriting(stored, next)).isEqualTo(write);
  }

  @ParameterizedTest(name = "a budget never written is written")
  @CsvSource("10:00:00")
  void aFirstStatusIsWritten(String accruedUntil) {
    assertThat(BudgetCheckpoint.worthWriting(null, status(accruedUntil, "0", "0", "0", false)))
        .isTrue();
  }

  private static WorkloadBudgetStatus status(
      String accruedUntil, String spent, String forecast, String rate, boolean exceeded) {
    WorkloadBudgetStatus status = new WorkloadBudgetStatus();
    status.periodStart = "2026-06-10T00:00:00Z";
    status.periodEnd = "2026-06-11T00:00:00Z";
    status.accruedUntil = "2026-06-10T" + accruedUntil + "Z";
    status.spent = new BigDecimal(spent);
    status.forecast = new BigDecimal(forecast);
    status.costPerHour = new BigDecimal(rate);
    status.currency = "USD";
    Conditions.set(
        status.conditions,
        "BudgetExceeded",
        exceeded,
        exceeded ? "LimitReached" : "WithinLimit",
        "",
        1L,
        Instant.parse("2026-06-10T09:00:00Z"));
    return status;
  }
}
