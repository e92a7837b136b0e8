package dev.costguard.schedule;

import static dev.costguard.schedule.Schedules.EVERY_DAY;
import static dev.costguard.schedule.Schedules.schedule;
import static dev.costguard.schedule.Schedules.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SleepSavingsTest {
  static final SleepSchedule NIGHTS_UTC =
      schedule("UTC", List.of(window(EVERY_DAY, "20:00", "06:00")));
  static final SleepSchedule NIGHTS_BERLIN =
      schedule("Europe/Berlin", List.of(window(EVERY_DAY, "20:00", "06:00")));
  static final BigDecimal TWO_PER_HOUR = new BigDecimal("2.00");
  static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void savingsAreTheCostRateTimesTheTimeAsleepThisMonth() {
    // 1 June 00:00-06:00, 20:00-06:00 twice: 26 hours asleep by 3 June noon.
    assertThat(
            SleepSavings.thisPeriod(
                NIGHTS_UTC, TWO_PER_HOUR, LONG_AGO, Instant.parse("2026-06-03T12:00:00Z")))
        .isEqualByComparingTo("52.00");
  }

  @Test
  void aScheduleCreatedMidMonthSavesFromWhenCostguardFirstSawIt() {
    Instant created = Instant.parse("2026-06-02T12:00:00Z");
    Instant since = SleepSavings.countingSince(NIGHTS_UTC, null, created);
    assertThat(since).isEqualTo(created);
    // 2 June 20:00 - 3 June 06:00: 10 hours asleep by 3 June noon.
    assertThat(
            SleepSavings.thisPeriod(
                NIGHTS_UTC, TWO_PER_HOUR, since, Instant.parse("2026-06-03T12:00:00Z")))
        .isEqualByComparingTo("20.00");
  }

  @Test
  void theRecordedStartGivesWayToTheNextMonth() {
    Instant recorded = Instant.parse("2026-06-02T12:00:00Z");
    assertThat(
            SleepSavings.countingSince(NIGHTS_UTC, recorded, Instant.parse("2026-06-20T00:00:00Z")))
        .isEqualTo(recorded);
    assertThat(
            SleepSavings.countingSince(NIGHTS_UTC, recorded, Instant.parse("2026-07-02T00:00:00Z")))
        .isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
  }

  @Test
  void aNewMonthStartsFromZero() {
    assertThat(
            SleepSavings.thisPeriod(
                NIGHTS_UTC, TWO_PER_HOUR, LONG_AGO, Instant.parse("2026-07-01T00:00:00Z")))
        .isEqualByComparingTo("0.00");
  }

  @Test
  void theMonthStartsAtLocalMidnightOfTheScheduleTimeZone() {
    assertThat(SleepSavings.periodStart(NIGHTS_BERLIN, Instant.parse("2026-06-03T12:00:00Z")))
        .isEqualTo(Instant.parse("2026-05-31T22:00:00Z"));
  }
}
