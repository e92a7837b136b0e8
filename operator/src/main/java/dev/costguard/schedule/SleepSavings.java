package dev.costguard.schedule;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Money a schedule saves this month (in its time zone): the hourly cost of what it puts to sleep
 * times the time the schedule has slept since the month began, or since Costguard first saw the
 * schedule if that was later. Derived from the schedule, that instant and the clock, so a restart
 * or a missed reconcile never loses or double-counts an interval; manual awake-until overrides and
 * person changes during past nights are not accounted for.
 */
public final class SleepSavings {
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

  private SleepSavings() {}

  public static Instant periodStart(SleepSchedule schedule, Instant now) {
    LocalDate firstOfMonth = LocalDate.ofInstant(now, schedule.timeZone()).withDayOfMonth(1);
    return firstOfMonth.atStartOfDay(schedule.timeZone()).toInstant();
  }

  /**
   * From when savings count this period: the instant recorded before if it is in this period, the
   * start of the period once a new one began, and {@code now} the first time.
   */
  public static Instant countingSince(SleepSchedule schedule, Instant recorded, Instant now) {
    Instant periodStart = periodStart(schedule, now);
    if (recorded == null) {
      return now;
    }
    return recorded.isBefore(periodStart) ? periodStart : recorded;
  }

  /** In the currency of {@code costPerHour}, to the cent, counting from {@code since}. */
  public static BigDecimal thisPeriod(
      SleepSchedule schedule, BigDecimal costPerHour, Instant since, Instant now) {
    Instant from = since.isAfter(periodStart(schedule, now)) ? since : periodStart(schedule, now);
    Duration asleep = schedule.asleepDuration(from, now);
    return costPerHour
        .multiply(BigDecimal.valueOf(asleep.toSeconds()))
        .divide(SECONDS_PER_HOUR, 2, RoundingMode.HALF_UP);
  }
}
