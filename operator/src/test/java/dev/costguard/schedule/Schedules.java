package dev.costguard.schedule;

import dev.costguard.api.v1alpha1.ShutdownScheduleSpec;
import dev.costguard.api.v1alpha1.SleepWindowSpec;
import dev.costguard.api.v1alpha1.Weekday;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Test schedules written the way a platform engineer writes the custom resource. */
final class Schedules {
  static final String WEEKDAYS = "Mon,Tue,Wed,Thu,Fri";
  static final String EVERY_DAY = "Mon,Tue,Wed,Thu,Fri,Sat,Sun";

  private Schedules() {}

  static ShutdownScheduleSpec spec(
      String timeZone, List<SleepWindowSpec> windows, String... holidays) {
    var spec = new ShutdownScheduleSpec();
    spec.timeZone = timeZone;
    spec.sleep = windows;
    spec.holidays = List.of(holidays);
    return spec;
  }

  static SleepSchedule schedule(
      String timeZone, List<SleepWindowSpec> windows, String... holidays) {
    try {
      return SleepSchedule.fromSpec(spec(timeZone, windows, holidays));
    } catch (InvalidScheduleException e) {
      throw new IllegalStateException("test schedule must be valid", e);
    }
  }

  /** Days as written in YAML, comma-separated: "Mon,Tue". */
  static SleepWindowSpec window(String days, String from, String to) {
    var window = new SleepWindowSpec();
    window.days = Arrays.stream(days.split(",")).map(Weekday::valueOf).collect(Collectors.toList());
    window.from = from;
    window.to = to;
    return window;
  }

  static SleepWindowSpec window(String days, String from, String to, Weekday untilDay) {
    var window = window(days, from, to);
    window.untilDay = untilDay;
    return window;
  }

  /** An instant written with its local offset, so tables read in the schedule's wall-clock time. */
  static Instant at(String rfc3339) {
    return OffsetDateTime.parse(rfc3339).toInstant();
  }
}
