package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.BudgetPeriod;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetAccrualTest {
  /**
   * calendar (period/startDay/zone) | previous state (periodStart, spent, accruedUntil) | cost per
   * hour | now | new state | closed periods as {@code start..end=spent}, oldest first.
   */
  private static final String ACCRUALS =
      """
      within the month                        | Monthly/1/UTC | 2026-01-01T00:00Z | 10  | 2026-01-15T00:00Z | 2   | 2026-01-15T01:30Z | 2026-01-01T00:00Z | 13  | 2026-01-15T01:30Z | none
      across the month end                    | Monthly/1/UTC | 2026-01-01T00:00Z | 100 | 2026-01-31T23:00Z | 3   | 2026-02-01T01:00Z | 2026-02-01T00:00Z | 3   | 2026-02-01T01:00Z | 2026-01-01T00:00Z..2026-02-01T00:00Z=103
      up to the month end exactly             | Monthly/1/UTC | 2026-01-01T00:00Z | 100 | 2026-01-31T23:00Z | 3   | 2026-02-01T00:00Z | 2026-02-01T00:00Z | 0   | 2026-02-01T00:00Z | 2026-01-01T00:00Z..2026-02-01T00:00Z=103
      now before accruedUntil adds nothing    | Monthly/1/UTC | 2026-01-01T00:00Z | 10  | 2026-01-15T00:00Z | 2   | 2026-01-14T00:00Z | 2026-01-01T00:00Z | 10  | 2026-01-15T00:00Z | none
      operator down across two month ends     | Monthly/1/UTC | 2026-01-01T00:00Z | 10  | 2026-01-31T00:00Z | 1   | 2026-03-02T00:00Z | 2026-03-01T00:00Z | 24  | 2026-03-02T00:00Z | 2026-01-01T00:00Z..2026-02-01T00:00Z=34;2026-02-01T00:00Z..2026-03-01T00:00Z=672
      leap day belongs to February            | Monthly/1/UTC | 2028-02-01T00:00Z | 0   | 2028-02-28T00:00Z | 1   | 2028-03-01T06:00Z | 2028-03-01T00:00Z | 6   | 2028-03-01T06:00Z | 2028-02-01T00:00Z..2028-03-01T00:00Z=48
      month from the 28th across the leap day | Monthly/28/UTC| 2028-01-28T00:00Z | 5   | 2028-02-27T12:00Z | 2   | 2028-02-29T00:00Z | 2028-02-28T00:00Z | 48  | 2028-02-29T00:00Z | 2028-01-28T00:00Z..2028-02-28T00:00Z=29
      Berlin spring-forward day costs 23 hours| Daily/1/Europe/Berlin | 2026-03-29T00:00+01:00 | 0 | 2026-03-29T00:00+01:00 | 1 | 2026-03-30T01:00+02:00 | 2026-03-30T00:00+02:00 | 1 | 2026-03-30T01:00+02:00 | 2026-03-29T00:00+01:00..2026-03-30T00:00+02:00=23
      Berlin fall-back day costs 25 hours     | Daily/1/Europe/Berlin | 2026-10-25T00:00+02:00 | 0 | 2026-10-25T00:00+02:00 | 1 | 2026-10-26T01:00+01:00 | 2026-10-26T00:00+01:00 | 1 | 2026-10-26T01:00+01:00 | 2026-10-25T00:00+02:00..2026-10-26T00:00+01:00=25
      New York spring-forward day, 23 hours   | Daily/1/America/New_York | 2026-03-08T00:00-05:00 | 0 | 2026-03-08T00:00-05:00 | 1 | 2026-03-09T00:30-04:00 | 2026-03-09T00:00-04:00 | 0.5 | 2026-03-09T00:30-04:00 | 2026-03-08T00:00-05:00..2026-03-09T00:00-04:00=23
      New York down over the fall-back day    | Daily/1/America/New_York | 2026-10-31T00:00-04:00 | 5 | 2026-10-31T12:00-04:00 | 2 | 2026-11-02T06:00-05:00 | 2026-11-02T00:00-05:00 | 12 | 2026-11-02T06:00-05:00 | 2026-10-31T00:00-04:00..2026-11-01T00:00-04:00=29;2026-11-01T00:00-04:00..2026-11-02T00:00-05:00=50
      week from Wednesday rolls on Wednesday  | Weekly/3/UTC  | 2026-03-25T00:00Z | 70  | 2026-03-31T23:00Z | 1   | 2026-04-01T02:00Z | 2026-04-01T00:00Z | 2   | 2026-04-01T02:00Z | 2026-03-25T00:00Z..2026-04-01T00:00Z=71
      micro-units: a millionth for half an hour | Monthly/1/UTC | 2026-01-01T00:00Z | 0 | 2026-01-15T00:00Z | 0.000001 | 2026-01-15T00:30Z | 2026-01-01T00:00Z | 0.0000005 | 2026-01-15T00:30Z | none
      one second at 1.234567 per hour         | Monthly/1/UTC | 2026-01-01T00:00Z | 0   | 2026-01-15T00:00Z | 1.234567 | 2026-01-15T00:00:01Z | 2026-01-01T00:00Z | 0.000342935 | 2026-01-15T00:00:01Z | none
      period changed from Monthly to Daily: spend carried | Daily/1/UTC | 2026-01-01T00:00Z | 50 | 2026-01-15T12:00Z | 1 | 2026-01-15T13:00Z | 2026-01-15T00:00Z | 51 | 2026-01-15T13:00Z | none
      time zone changed from UTC to Berlin: spend carried | Monthly/1/Europe/Berlin | 2026-01-01T00:00Z | 50 | 2026-01-15T12:00Z | 1 | 2026-01-15T13:00Z | 2026-01-01T00:00+01:00 | 51 | 2026-01-15T13:00Z | none
      time zone changed before anything accrued | Daily/1/Europe/Berlin | 2026-01-15T00:00Z | 0 | 2026-01-15T00:00Z | 1 | 2026-01-15T02:00Z | 2026-01-15T00:00+01:00 | 2 | 2026-01-15T02:00Z | none
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = ACCRUALS)
  void spendAccruesAsRateTimesElapsedTimeSplitAtPeriodEnds(
      String scenario,
      String calendar,
      OffsetDateTime periodStart,
      BigDecimal spent,
      OffsetDateTime accruedUntil,
      BigDecimal costPerHour,
      OffsetDateTime now,
      OffsetDateTime wantPeriodStart,
      BigDecimal wantSpent,
      OffsetDateTime wantAccruedUntil,
      String wantClosed) {
    var previous = new AccrualState(periodStart.toInstant(), spent, accruedUntil.toInstant());

    AccrualResult result =
        BudgetAccrual.accrue(previous, costPerHour, now.toInstant(), calendar(calendar));

    assertThat(result.state().periodStart()).isEqualTo(wantPeriodStart.toInstant());
    assertThat(result.state().spent()).isEqualByComparingTo(wantSpent);
    assertThat(result.state().accruedUntil()).isEqualTo(wantAccruedUntil.toInstant());
    assertThat(result.period().start()).isEqualTo(result.state().periodStart());
    assertThat(result.closedPeriods())
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(closed(wantClosed));
  }

  /**
   * A budget at 571.93 on 2026-06-20 12:00 UTC (monthly from the 1st, UTC) has its calendar edited
   * at each step, an hour apart, at 1 per hour: calendars in order | spent after each edit |
   * carried amount at each edit ({@code -} for none).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      time zone edited and reverted          | Monthly/1/Asia/Tokyo, Monthly/1/UTC                 | 572.93, 573.93         | 571.93, 572.93
      time zone edited twice, then reverted  | Monthly/1/America/New_York, Monthly/1/Pacific/Auckland, Monthly/1/UTC | 572.93, 573.93, 574.93 | 571.93, 572.93, 573.93
      start day edited and reverted          | Monthly/15/UTC, Monthly/1/UTC                       | 572.93, 573.93         | 571.93, 572.93
      period edited to Weekly and reverted   | Weekly/1/UTC, Monthly/1/UTC                         | 572.93, 573.93         | 571.93, 572.93
      period edited to Daily and reverted    | Daily/1/UTC, Monthly/1/UTC                          | 572.93, 573.93         | 571.93, 572.93
      an edit that keeps the period start    | Monthly/1/UTC, Monthly/1/UTC                        | 572.93, 573.93         | -, -
      """)
  void aCalendarEditNeverLosesMoney(
      String scenario, String calendars, String wantSpent, String wantCarried) {
    AccrualState state =
        new AccrualState(
            Instant.parse("2026-06-01T00:00:00Z"),
            new BigDecimal("571.93"),
            Instant.parse("2026-06-20T12:00:00Z"));
    String[] steps = calendars.split(",\\s*");
    String[] spent = wantSpent.split(",\\s*");
    String[] carried = wantCarried.split(",\\s*");
    for (int i = 0; i < steps.length; i++) {
      Instant now = state.accruedUntil().plus(Duration.ofHours(1));
      AccrualResult result = BudgetAccrual.accrue(state, BigDecimal.ONE, now, calendar(steps[i]));
      assertThat(result.state().spent())
          .as("spent after editing to " + steps[i])
          .isEqualByComparingTo(spent[i]);
      assertThat(result.closedPeriods()).as("nothing is closed by an edit").isEmpty();
      if (carried[i].equals("-")) {
        assertThat(result.carriedOver()).isEmpty();
      } else {
        CarriedOver c = result.carriedOver().orElseThrow();
        assertThat(c.spent()).isEqualByComparingTo(carried[i]);
        assertThat(c.into().contains(state.accruedUntil())).isTrue();
        assertThat(c.start()).isEqualTo(state.periodStart());
        assertThat(c.end()).isEqualTo(state.accruedUntil());
      }
      assertThat(result.period().start())
          .isEqualTo(calendar(steps[i]).periodContaining(now).start());
      state = result.state();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = ACCRUALS)
  void accruingAgainAtTheSameInstantAddsNothing(
      String scenario,
      String calendar,
      OffsetDateTime periodStart,
      BigDecimal spent,
      OffsetDateTime accruedUntil,
      BigDecimal costPerHour,
      OffsetDateTime now) {
    var previous = new AccrualState(periodStart.toInstant(), spent, accruedUntil.toInstant());
    AccrualResult once =
        BudgetAccrual.accrue(previous, costPerHour, now.toInstant(), calendar(calendar));

    AccrualResult twice =
        BudgetAccrual.accrue(once.state(), costPerHour, now.toInstant(), calendar(calendar));

    assertThat(twice.state()).isEqualTo(once.state());
    assertThat(twice.closedPeriods()).isEmpty();
  }

  @ParameterizedTest(name = "every {2} over {1} from {0}")
  @CsvSource({
    "2026-03-27T09:17:00Z, Daily/1/Europe/Berlin, PT7M",
    "2026-10-23T00:00:00Z, Daily/1/Europe/Berlin, PT1H",
    "2026-10-30T22:00:00Z, Daily/1/America/New_York, PT31M17.25S",
    "2028-02-20T00:00:00Z, Weekly/1/UTC, PT13M",
    "2026-01-25T00:00:00Z, Monthly/1/UTC, PT1H7M"
  })
  void manySmallStepsAccrueWhatOneLongStepDoes(Instant start, String calendar, Duration step) {
    BudgetCalendar budgetCalendar = calendar(calendar);
    BigDecimal costPerHour = new BigDecimal("3.6");
    Instant end = start.plus(Duration.ofDays(10));
    AccrualState state = AccrualState.startingAt(start, budgetCalendar);
    AccrualState oneStep = AccrualState.startingAt(start, budgetCalendar);
    List<ClosedPeriod> closed = new ArrayList<>();

    for (Instant now = start; now.isBefore(end); now = now.plus(step)) {
      AccrualResult result = BudgetAccrual.accrue(state, costPerHour, now, budgetCalendar);
      closed.addAll(result.closedPeriods());
      state = result.state();
    }
    AccrualResult last = BudgetAccrual.accrue(state, costPerHour, end, budgetCalendar);
    closed.addAll(last.closedPeriods());
    AccrualResult whole = BudgetAccrual.accrue(oneStep, costPerHour, end, budgetCalendar);

    assertThat(last.state()).usingRecursiveComparison().isEqualTo(whole.state());
    assertThat(closed).usingRecursiveComparison().isEqualTo(whole.closedPeriods());
    BigDecimal total =
        closed.stream().map(ClosedPeriod::spent).reduce(last.state().spent(), BigDecimal::add);
    assertThat(total).isEqualByComparingTo("864"); // 3.6 per hour for 240 hours
  }

  @Test
  void aNewBudgetStartsWithNothingSpentInThePeriodOfNow() {
    var calendar = calendar("Monthly/15/UTC");
    Instant now = Instant.parse("2026-05-03T10:00:00Z");

    assertThat(AccrualState.startingAt(now, calendar))
        .isEqualTo(new AccrualState(Instant.parse("2026-04-15T00:00:00Z"), BigDecimal.ZERO, now));
  }

  @Test
  void thePreviousPeriodIsTheLastOneClosed() {
    var previous =
        new AccrualState(
            Instant.parse("2026-01-01T00:00:00Z"),
            BigDecimal.TEN,
            Instant.parse("2026-01-31T00:00:00Z"));

    AccrualResult result =
        BudgetAccrual.accrue(
            previous,
            BigDecimal.ONE,
            Instant.parse("2026-03-02T00:00:00Z"),
            calendar("Monthly/1/UTC"));

    assertThat(result.previousPeriod())
        .hasValueSatisfying(p -> assertThat(p.spent()).isEqualByComparingTo("672"));
  }

  /** {@code Period/startDay/Zone}; the zone may itself contain a slash. */
  private static BudgetCalendar calendar(String text) {
    String[] parts = text.split("/", 3);
    return new BudgetCalendar(
        BudgetPeriod.valueOf(parts[0]), Integer.parseInt(parts[1]), ZoneId.of(parts[2]));
  }

  private static List<ClosedPeriod> closed(String text) {
    if (text.equals("none")) {
      return List.of();
    }
    return Arrays.stream(text.split(";"))
        .map(
            period -> {
              String[] spanAndSpent = period.split("=");
              String[] bounds = spanAndSpent[0].split("\\.\\.");
              return new ClosedPeriod(
                  new PeriodSpan(
                      OffsetDateTime.parse(bounds[0]).toInstant(),
                      OffsetDateTime.parse(bounds[1]).toInstant()),
                  new BigDecimal(spanAndSpent[1]));
            })
        .toList();
  }
}
