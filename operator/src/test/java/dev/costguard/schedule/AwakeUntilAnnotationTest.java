package dev.costguard.schedule;

import static dev.costguard.schedule.Schedules.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AwakeUntilAnnotationTest {

  record Reading(String name, String annotation, AwakeOverride expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Reading> readings() {
    var until = new AwakeOverride.Until(at("2026-03-30T16:00:00Z"));
    return Stream.of(
        new Reading("no annotation", null, new AwakeOverride.NotSet()),
        new Reading("empty annotation", " ", new AwakeOverride.NotSet()),
        new Reading("RFC 3339 with an offset", "2026-03-30T18:00:00+02:00", until),
        new Reading("RFC 3339 in UTC", "2026-03-30T16:00:00Z", until),
        new Reading("lower-case t and z", "2026-03-30t16:00:00z", until),
        new Reading("space instead of T", "2026-03-30 16:00:00Z", until),
        new Reading("surrounding blanks and no seconds", "  2026-03-30T16:00Z\n", until),
        new Reading(
            "fraction of a second",
            "2026-03-30T16:00:00.5Z",
            new AwakeOverride.Until(at("2026-03-30T16:00:00.5Z"))),
        new Reading(
            "no offset is refused: the time zone is unknown",
            "2026-03-30T18:00:00",
            new AwakeOverride.Malformed(
                "2026-03-30T18:00:00",
                "costguard.dev/awake-until \"2026-03-30T18:00:00\" has no UTC offset, so its time"
                    + " zone is unknown; add Z or an offset, e.g. 2026-03-30T18:00:00+02:00."
                    + " Ignored: the schedule applies.")),
        new Reading(
            "garbage",
            "tomorrow morning",
            new AwakeOverride.Malformed(
                "tomorrow morning",
                "costguard.dev/awake-until \"tomorrow morning\" is not an RFC 3339 time such as"
                    + " 2026-03-30T18:00:00+02:00. Ignored: the schedule applies.")),
        new Reading(
            "date that does not exist",
            "2026-02-30T10:00:00Z",
            new AwakeOverride.Malformed(
                "2026-02-30T10:00:00Z",
                "costguard.dev/awake-until \"2026-02-30T10:00:00Z\" is not an RFC 3339 time such"
                    + " as 2026-03-30T18:00:00+02:00. Ignored: the schedule applies.")),
        new Reading(
            "a pasted blob is cut short in the report",
            "x".repeat(10_000),
            new AwakeOverride.Malformed(
                "x".repeat(64) + "...",
                "costguard.dev/awake-until is too long for a time; use RFC 3339, e.g."
                    + " 2026-03-30T18:00:00+02:00. Ignored: the schedule applies.")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("readings")
  void reads(Reading reading) {
    assertThat(AwakeUntilAnnotation.parse(reading.annotation())).isEqualTo(reading.expected());
  }
}
