package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.ReplicaSchedule;
import dev.costguard.api.v1alpha1.Weekday;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The schedules' windows that raise minReplicas. A window starts on one of its days at {@code from}
 * and ends at {@code to}, the next day when {@code to} is earlier. Times are wall-clock times in
 * the window's zone, so a window keeps its local hours across DST changes; a time in the hour a
 * spring change skips moves later by the gap, a time in the repeated autumn hour means its first
 * occurrence (as {@link ZonedDateTime#of} resolves them).
 */
public final class ReplicaWindows {
  private ReplicaWindows() {}

  /** The highest minReplicas of the windows open at {@code now}; 0 when none is. */
  public static int minimumAt(List<ReplicaSchedule> schedules, Instant now) {
    return schedules.stream()
        .filter(s -> isOpen(s, now))
        .mapToInt(s -> s.minReplicas)
        .max()
        .orElse(0);
  }

  /** Throws {@link DateTimeException} naming the first bad zone or time. */
  public static void validate(List<ReplicaSchedule> schedules) {
    for (ReplicaSchedule schedule : schedules) {
      zoneOf(schedule);
      LocalTime.parse(schedule.from);
      LocalTime.parse(schedule.to);
    }
  }

  static boolean isOpen(ReplicaSchedule schedule, Instant now) {
    ZoneId zone = zoneOf(schedule);
    LocalTime from = LocalTime.parse(schedule.from);
    LocalTime to = LocalTime.parse(schedule.to);
    LocalDate today = now.atZone(zone).toLocalDate();
    // A window that crosses midnight may have started yesterday.
    for (LocalDate start : List.of(today.minusDays(1), today)) {
      if (schedule.days.stream()
          .map(Weekday::toDayOfWeek)
          .noneMatch(d -> d == start.getDayOfWeek())) {
        continue;
      }
      Instant opens = ZonedDateTime.of(start, from, zone).toInstant();
      Instant closes =
          ZonedDateTime.of(to.isAfter(from) ? start : start.plusDays(1), to, zone).toInstant();
      if (!now.isBefore(opens) && now.isBefore(closes)) {
        return true;
      }
    }
    return false;
  }

  private static ZoneId zoneOf(ReplicaSchedule schedule) {
    return ZoneId.of(schedule.timeZone == null ? "UTC" : schedule.timeZone);
  }
}
