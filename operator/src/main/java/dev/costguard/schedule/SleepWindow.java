package dev.costguard.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * A weekly window of sleep: it starts at {@code from} on each of {@code days} and ends at {@code
 * to} on the same day, on the next day when {@code to} is not later than {@code from} (crossing
 * midnight), or on the following {@code untilDay} (spanning days, e.g. Fri 19:00 until Mon 07:00).
 *
 * <p>Local times are read in the schedule's time zone with {@link ZonedDateTime#of}'s rule for
 * daylight saving changes: a time inside a skipped hour (spring forward) moves later by the length
 * of the gap (02:30 becomes 03:30), and a time inside a repeated hour (fall back) means its first
 * occurrence, at the offset before the change (daylight time). A window whose both edges fall into
 * the same gap (e.g. 02:30 to 03:00 on a spring-forward night in Europe/Berlin) is empty that
 * night.
 */
public record SleepWindow(
    Set<DayOfWeek> days, LocalTime from, LocalTime to, Optional<DayOfWeek> untilDay) {

  /** A period starts on some day and ends at most 7 days and a few hours later. */
  static final int LONGEST_SPAN_DAYS = 8;

  public SleepWindow {
    days = Set.copyOf(days);
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a sleep window needs at least one day");
    }
    if (from.equals(to) && untilDay.isEmpty()) {
      throw new IllegalArgumentException(
          "a sleep window needs from and to to differ unless untilDay is set");
    }
  }

  /**
   * The period of this window that starts on {@code date}, if it starts that day and is not empty.
   */
  Optional<SleepPeriod> periodStartingOn(LocalDate date, ZoneId zone) {
    if (!days.contains(date.getDayOfWeek())) {
      return Optional.empty();
    }
    LocalDate endDate = date.plusDays(daysUntilEnd(date.getDayOfWeek()));
    var start = ZonedDateTime.of(date, from, zone).toInstant();
    var end = ZonedDateTime.of(endDate, to, zone).toInstant();
    return end.isAfter(start) ? Optional.of(new SleepPeriod(start, end)) : Optional.empty();
  }

  private int daysUntilEnd(DayOfWeek startDay) {
    boolean endsNextDay = !to.isAfter(from);
    return untilDay
        .map(
            until -> {
              int days = Math.floorMod(until.getValue() - startDay.getValue(), 7);
              // untilDay naming the start day with an earlier wake-up means a week later.
              return days == 0 && endsNextDay ? 7 : days;
            })
        .orElse(endsNextDay ? 1 : 0);
  }
}
