package dev.costguard.budget;

import dev.costguard.api.v1alpha1.BudgetPeriod;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;

/**
 * Where a budget's periods begin and end. A period starts at local midnight of its start day in the
 * budget's time zone, so periods follow the wall clock: a day with a daylight-saving change is 23
 * or 25 hours long, and a month or week containing one is an hour shorter or longer.
 *
 * @param startDay ISO day of week for {@code Weekly} (1 = Monday .. 7 = Sunday), day of month for
 *     {@code Monthly} (1..28, so that every month has it), ignored for {@code Daily}
 */
public record BudgetCalendar(BudgetPeriod period, int startDay, ZoneId zone) {
  public BudgetCalendar {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    int maxStartDay = period == BudgetPeriod.Weekly ? 7 : 28;
    if (period != BudgetPeriod.Daily && (startDay < 1 || startDay > maxStartDay)) {
      throw new IllegalArgumentException(
          period + " budgets start on day 1.." + maxStartDay + ", not " + startDay);
    }
  }

  /** The calendar of a budget, with the API defaults: start day 1, time zone UTC. */
  public static BudgetCalendar of(WorkloadBudgetSpec spec) {
    return new BudgetCalendar(
        spec.period,
        Objects.requireNonNullElse(spec.startDay, 1),
        ZoneId.of(Objects.requireNonNullElse(spec.timeZone, "UTC")));
  }

  public PeriodSpan periodContaining(Instant instant) {
    LocalDate day = LocalDate.ofInstant(instant, zone);
    LocalDate start =
        switch (period) {
          case Daily -> day;
          case Weekly -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.of(startDay)));
          case Monthly ->
              day.getDayOfMonth() >= startDay
                  ? day.withDayOfMonth(startDay)
                  : day.minusMonths(1).withDayOfMonth(startDay);
        };
    LocalDate end =
        switch (period) {
          case Daily -> start.plusDays(1);
          case Weekly -> start.plusWeeks(1);
          case Monthly -> start.plusMonths(1);
        };
    // atStartOfDay, not atTime(MIDNIGHT): where a DST gap swallows midnight it gives 01:00
    return new PeriodSpan(start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
  }

  public PeriodSpan periodAfter(PeriodSpan period) {
    return periodContaining(period.end());
  }
}
