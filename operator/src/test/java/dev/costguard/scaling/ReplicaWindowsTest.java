package dev.costguard.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ReplicaSchedule;
import dev.costguard.api.v1alpha1.Weekday;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaWindowsTest {
  static ReplicaSchedule window(String days, String from, String to, String zone, int minReplicas) {
    ReplicaSchedule schedule = new ReplicaSchedule();
    schedule.days = java.util.Arrays.stream(days.split(" ")).map(Weekday::valueOf).toList();
    schedule.from = from;
    schedule.to = to;
    schedule.timeZone = zone;
    schedule.minReplicas = minReplicas;
    return schedule;
  }

  static final List<ReplicaSchedule> BERLIN_BUSINESS_HOURS =
      List.of(window("Mon Tue Wed Thu Fri", "08:00", "18:00", "Europe/Berlin", 3));

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource({
    "Friday before spring DST 08:30 CET is open,           2026-03-27T07:30:00Z, 3",
    "Friday before spring DST 07:30 CET is closed,         2026-03-27T06:30:00Z, 0",
    "Monday after spring DST 08:30 CEST is open,           2026-03-30T06:30:00Z, 3",
    "Monday after spring DST 07:30 CEST is closed,         2026-03-30T05:30:00Z, 0",
    "Monday after spring DST 17:59 CEST is open,           2026-03-30T15:59:00Z, 3",
    "Monday after spring DST 18:00 CEST is closed,         2026-03-30T16:00:00Z, 0",
    "Monday after autumn DST 08:00 CET is open,            2026-10-26T07:00:00Z, 3",
    "Monday after autumn DST 07:00 CET is closed,          2026-10-26T06:00:00Z, 0",
    "Saturday is closed,                                   2026-03-28T10:00:00Z, 0",
  })
  void businessHoursKeepTheirLocalTimeAcrossDst(String name, Instant at, int expected) {
    assertThat(ReplicaWindows.minimumAt(BERLIN_BUSINESS_HOURS, at)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "a night window that started on Friday is still open on Saturday,       Fri, 22:00, 06:00, UTC,              2026-06-13T03:00:00Z, 2",
    "the night window closes at 06:00 on Saturday,                          Fri, 22:00, 06:00, UTC,              2026-06-13T06:00:00Z, 0",
    "it does not open on Saturday night,                                    Fri, 22:00, 06:00, UTC,              2026-06-13T23:00:00Z, 0",
    "a start in the skipped spring hour moves later by the gap (02:30 -> 03:30 CEST),  Sun, 02:30, 05:00, Europe/Berlin, 2026-03-29T01:15:00Z, 0",
    "and is open from 03:30 CEST,                                           Sun, 02:30, 05:00, Europe/Berlin,    2026-03-29T01:30:00Z, 2",
    "the repeated autumn hour opens at its first occurrence (02:30 CEST),   Sun, 02:30, 05:00, Europe/Berlin,    2026-10-25T00:30:00Z, 2",
    "a zone west of UTC: Monday 20:00 in New York is Tuesday in UTC,        Mon, 19:00, 21:00, America/New_York, 2026-06-16T00:00:00Z, 2",
  })
  void windowsCrossMidnightAndDstGaps(
      String name, String day, String from, String to, String zone, Instant at, int expected) {
    assertThat(ReplicaWindows.minimumAt(List.of(window(day, from, to, zone, 2)), at))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "overlapping windows take the highest minimum at {0}")
  @CsvSource({"2026-06-10T09:00:00Z, 5", "2026-06-10T13:00:00Z, 3", "2026-06-10T20:00:00Z, 0"})
  void overlappingWindowsTakeTheHighestMinimum(Instant at, int expected) {
    List<ReplicaSchedule> schedules =
        List.of(
            window("Wed", "08:00", "18:00", "UTC", 3), window("Wed", "09:00", "12:00", "UTC", 5));
    assertThat(ReplicaWindows.minimumAt(schedules, at)).isEqualTo(expected);
  }
}
