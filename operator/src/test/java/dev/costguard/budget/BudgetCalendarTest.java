package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.costguard.api.v1alpha1.BudgetPeriod;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetCalendarTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          day in UTC                                | Daily   | 1 | UTC              | 2026-01-31T23:59:59.999Z  | 2026-01-31T00:00Z      | 2026-02-01T00:00Z      | 24
          New York day starts at local midnight     | Daily   | 1 | America/New_York | 2026-07-01T02:00Z         | 2026-06-30T00:00-04:00 | 2026-07-01T00:00-04:00 | 24
          Berlin spring forward day is 23 hours     | Daily   | 1 | Europe/Berlin    | 2026-03-29T12:00Z         | 2026-03-29T00:00+01:00 | 2026-03-30T00:00+02:00 | 23
          Berlin fall back day is 25 hours          | Daily   | 1 | Europe/Berlin    | 2026-10-25T12:00Z         | 2026-10-25T00:00+02:00 | 2026-10-26T00:00+01:00 | 25
          Berlin repeated hour, first pass          | Daily   | 1 | Europe/Berlin    | 2026-10-25T00:30Z         | 2026-10-25T00:00+02:00 | 2026-10-26T00:00+01:00 | 25
          Berlin repeated hour, second pass         | Daily   | 1 | Europe/Berlin    | 2026-10-25T01:30Z         | 2026-10-25T00:00+02:00 | 2026-10-26T00:00+01:00 | 25
          New York spring forward day is 23 hours   | Daily   | 1 | America/New_York | 2026-03-08T12:00Z         | 2026-03-08T00:00-05:00 | 2026-03-09T00:00-04:00 | 23
          New York fall back day is 25 hours        | Daily   | 1 | America/New_York | 2026-11-01T12:00Z         | 2026-11-01T00:00-04:00 | 2026-11-02T00:00-05:00 | 25
          week from Monday, on a Sunday             | Weekly  | 1 | UTC              | 2026-03-29T12:00Z         | 2026-03-23T00:00Z      | 2026-03-30T00:00Z      | 168
          week from Sunday, on that Sunday          | Weekly  | 7 | UTC              | 2026-03-29T12:00Z         | 2026-03-29T00:00Z      | 2026-04-05T00:00Z      | 168
          Berlin week from Wednesday across DST     | Weekly  | 3 | Europe/Berlin    | 2026-03-30T08:00Z         | 2026-03-25T00:00+01:00 | 2026-04-01T00:00+02:00 | 167
          New York week from Sunday across DST end  | Weekly  | 7 | America/New_York | 2026-11-03T08:00Z         | 2026-11-01T00:00-04:00 | 2026-11-08T00:00-05:00 | 169
          January                                   | Monthly | 1 | UTC              | 2026-01-31T12:00Z         | 2026-01-01T00:00Z      | 2026-02-01T00:00Z      | 744
          first instant of February                 | Monthly | 1 | UTC              | 2026-02-01T00:00Z         | 2026-02-01T00:00Z      | 2026-03-01T00:00Z      | 672
          last nanosecond of January                | Monthly | 1 | UTC              | 2026-01-31T23:59:59.999999999Z | 2026-01-01T00:00Z | 2026-02-01T00:00Z      | 744
          leap-year February has 29 days            | Monthly | 1 | UTC              | 2028-02-29T12:00Z         | 2028-02-01T00:00Z      | 2028-03-01T00:00Z      | 696
          month from the 28th around the leap day   | Monthly | 28| UTC              | 2028-02-29T12:00Z         | 2028-02-28T00:00Z      | 2028-03-28T00:00Z      | 696
          month from the 15th, before the 15th      | Monthly | 15| UTC              | 2026-03-10T12:00Z         | 2026-02-15T00:00Z      | 2026-03-15T00:00Z      | 672
          month from the 1st in a year's first days | Monthly | 1 | Europe/Berlin    | 2025-12-31T23:30Z         | 2026-01-01T00:00+01:00 | 2026-02-01T00:00+01:00 | 744
          Berlin March loses an hour                | Monthly | 1 | Europe/Berlin    | 2026-03-15T12:00Z         | 2026-03-01T00:00+01:00 | 2026-04-01T00:00+02:00 | 743
          New York November gains an hour           | Monthly | 1 | America/New_York | 2026-11-15T12:00Z         | 2026-11-01T00:00-04:00 | 2026-12-01T00:00-05:00 | 721
          """)
  void periodContainingAnInstantFollowsTheLocalCalendar(
      String scenario,
      BudgetPeriod period,
      int startDay,
      ZoneId zone,
      OffsetDateTime at,
      OffsetDateTime start,
      OffsetDateTime end,
      long hours) {
    Instant instant = at.toInstant();
    PeriodSpan span = new BudgetCalendar(period, startDay, zone).periodContaining(instant);

    assertThat(span).isEqualTo(new PeriodSpan(start.toInstant(), end.toInstant()));
    assertThat(span.length()).isEqualTo(Duration.ofHours(hours));
    assertThat(span.contains(instant)).isTrue();
  }

  @Test
  void theNextPeriodStartsWhereOneEnds() {
    var calendar = new BudgetCalendar(BudgetPeriod.Monthly, 1, ZoneId.of("Europe/Berlin"));
    PeriodSpan february = calendar.periodContaining(Instant.parse("2026-02-10T00:00:00Z"));

    assertThat(calendar.periodAfter(february))
        .isEqualTo(
            new PeriodSpan(
                Instant.parse("2026-02-28T23:00:00Z"), Instant.parse("2026-03-31T22:00:00Z")));
  }

  @Test
  void aBudgetWithoutStartDayOrTimeZoneStartsOnTheFirstInUtc() {
    var spec = new WorkloadBudgetSpec();
    spec.period = BudgetPeriod.Monthly;

    assertThat(BudgetCalendar.of(spec))
        .isEqualTo(new BudgetCalendar(BudgetPeriod.Monthly, 1, ZoneId.of("UTC")));
  }

  @ParameterizedTest(name = "{0} budgets reject start day {1}")
  @CsvSource({"Weekly, 0", "Weekly, 8", "Monthly, 0", "Monthly, 29"})
  void startDaysOutsideThePeriodAreRejected(BudgetPeriod period, int startDay) {
    assertThatThrownBy(() -> new BudgetCalendar(period, startDay, ZoneId.of("UTC")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start on day 1..");
  }
}
