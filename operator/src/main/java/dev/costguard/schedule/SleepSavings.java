package dev.costguard.schedule;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Money a schedule saves this month (in its time zone): the hourly cost of what it puts to sleep
 * times the time the schedule has slept since the month began. Derived from the schedule and the
 * clock alone, so a restart or a missed reconcile never loses or double-counts an interval; manual
 * awake-until overrides and person changes during past nights are not accounted for.
 */
public final class SleepSavings {
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

  private SleepSavings() {}

  public static Instant periodStart(SleepSchedule schedule, Instant now) {
    LocalDate firstOfMonth = LocalDate.ofInstant(now, schedule.timeZone()).withDayOfMonth(1);
    return firstOfMonth.atStartOfDay(schedule.timeZone()).toInstant();
  }

  /** In the currency of {@code costPerHour}, to the cent. */
  public static BigDecimal thisPeriod(SleepSchedule schedule, BigDecimal costPerHour, Instant now) {
    Duration asleep = schedule.asleepDuration(periodStart(schedule, now), now);
    return costPerHour
        .multiply(BigDecimal.valueOf(asleep.toSeconds()))
        .divide(SECONDS_PER_HOUR, 2, RoundingMode.HALF_UP);
  }
}
