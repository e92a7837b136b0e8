package dev.costguard.schedule;

import static dev.costguard.schedule.Schedules.EVERY_DAY;
import static dev.costguard.schedule.Schedules.WEEKDAYS;
import static dev.costguard.schedule.Schedules.at;
import static dev.costguard.schedule.Schedules.schedule;
import static dev.costguard.schedule.Schedules.spec;
import static dev.costguard.schedule.Schedules.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import dev.costguard.api.v1alpha1.ShutdownScheduleSpec;
import dev.costguard.api.v1alpha1.Weekday;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SleepScheduleTest {

  record AsleepDuration(
      String name, SleepSchedule schedule, String from, String to, Duration asleep) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<AsleepDuration> asleepDurations() {
    var everyNightBerlin = schedule("Europe/Berlin", List.of(window(EVERY_DAY, "19:00", "07:00")));
    var weekdayNightsBerlin =
        schedule("Europe/Berlin", List.of(window(WEEKDAYS, "19:00", "07:00")));
    return Stream.of(
        new AsleepDuration(
            "spring-forward night in Berlin is one hour shorter",
            everyNightBerlin,
            "2026-03-28T12:00:00+01:00",
            "2026-03-29T12:00:00+02:00",
            Duration.ofHours(11)),
        new AsleepDuration(
            "fall-back night in Berlin is one hour longer",
            everyNightBerlin,
            "2026-10-24T12:00:00+02:00",
            "2026-10-25T12:00:00+01:00",
            Duration.ofHours(13)),
        new AsleepDuration(
            "holiday on the spring-forward day lasts 23 hours",
            schedule("Europe/Berlin", List.of(), "2026-03-29"),
            "2026-03-28T00:00:00+01:00",
            "2026-03-31T00:00:00+02:00",
            Duration.ofHours(23)),
        new AsleepDuration(
            "holiday on the fall-back day lasts 25 hours",
            schedule("Europe/Berlin", List.of(), "2026-10-25"),
            "2026-10-24T00:00:00+02:00",
            "2026-10-27T00:00:00+01:00",
            Duration.ofHours(25)),
        new AsleepDuration(
            "a plain week of weekday nights sleeps 5 x 12 hours",
            weekdayNightsBerlin,
            "2026-03-16T00:00:00+01:00",
            "2026-03-23T00:00:00+01:00",
            Duration.ofHours(60)),
        new AsleepDuration(
            "interval starting mid-sleep counts only the rest of the night",
            weekdayNightsBerlin,
            "2026-03-24T23:30:00+01:00",
            "2026-03-25T12:00:00+01:00",
            Duration.ofMinutes(450)),
        new AsleepDuration(
            "holiday merged with its neighbouring nights is not counted twice",
            schedule("Europe/Berlin", List.of(window(WEEKDAYS, "19:00", "07:00")), "2026-12-24"),
            "2026-12-23T00:00:00+01:00",
            "2026-12-26T00:00:00+01:00",
            Duration.ofHours(7 + 36 + 5)),
        new AsleepDuration(
            "reversed interval sleeps nothing",
            everyNightBerlin,
            "2026-03-25T00:00:00+01:00",
            "2026-03-24T00:00:00+01:00",
            Duration.ZERO));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("asleepDurations")
  void measuresTimeAsleep(AsleepDuration scenario) {
    assertThat(scenario.schedule().asleepDuration(at(scenario.from()), at(scenario.to())))
        .isEqualTo(scenario.asleep());
  }

  record Invalid(String name, ShutdownScheduleSpec spec, List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Invalid> invalidSpecs() {
    var nights = List.of(window(WEEKDAYS, "19:00", "07:00"));
    return Stream.of(
        new Invalid(
            "unknown IANA time zone",
            spec("Europe/Berln", nights),
            List.of(
                "timeZone \"Europe/Berln\" is not a known IANA time zone; use a name such as"
                    + " Europe/Berlin, America/New_York or UTC")),
        new Invalid(
            "missing time zone",
            spec(null, nights),
            List.of("timeZone is required, e.g. Europe/Berlin or America/New_York")),
        new Invalid(
            "holiday on a date that does not exist",
            spec("UTC", nights, "2026-02-30"),
            List.of(
                "holidays[0] \"2026-02-30\" is not a calendar date as YYYY-MM-DD, e.g. 2026-12-24")),
        new Invalid(
            "holiday in another date format",
            spec("UTC", nights, "2026-12-24", "24.12.2026"),
            List.of(
                "holidays[1] \"24.12.2026\" is not a calendar date as YYYY-MM-DD, e.g. 2026-12-24")),
        new Invalid(
            "from = to without untilDay",
            spec("UTC", List.of(window("Mon", "19:00", "19:00"))),
            List.of(
                "sleep[0]: from and to are both 19:00, which leaves no time asleep; set a"
                    + " different wake-up time, or untilDay for a window that lasts whole days")),
        new Invalid(
            "time of day not as HH:MM",
            spec("UTC", List.of(window("Mon", "7pm", "07:00"))),
            List.of(
                "sleep[0].from \"7pm\" is not a time of day as HH:MM (00:00 to 23:59), e.g. 19:00")),
        new Invalid(
            "window without days",
            spec("UTC", List.of(windowWithoutDays())),
            List.of("sleep[0].days needs at least one day, e.g. [Mon, Tue, Wed, Thu, Fri]")),
        new Invalid(
            "every problem is reported at once",
            spec(
                "Mars/Olympus",
                List.of(window("Mon", "19:00", "07:00"), window("Tue", "08:00", "08:00")),
                "tomorrow"),
            List.of(
                "timeZone \"Mars/Olympus\" is not a known IANA time zone; use a name such as"
                    + " Europe/Berlin, America/New_York or UTC",
                "sleep[1]: from and to are both 08:00, which leaves no time asleep; set a"
                    + " different wake-up time, or untilDay for a window that lasts whole days",
                "holidays[0] \"tomorrow\" is not a calendar date as YYYY-MM-DD, e.g. 2026-12-24")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSpecs")
  void rejectsWithAMessageNamingTheField(Invalid scenario) {
    assertThatExceptionOfType(InvalidScheduleException.class)
        .isThrownBy(() -> SleepSchedule.fromSpec(scenario.spec()))
        .satisfies(e -> assertThat(e.problems()).isEqualTo(scenario.problems()))
        .withMessage("invalid ShutdownSchedule: " + String.join("; ", scenario.problems()));
  }

  @Test
  void fromEqualToIsAWholeDaysWindowWithUntilDay() {
    var fridayToMonday = spec("UTC", List.of(window("Fri", "19:00", "19:00", Weekday.Mon)));

    assertThatNoException().isThrownBy(() -> SleepSchedule.fromSpec(fridayToMonday));
  }

  @Test
  void nullListsFromTheApiServerAreAnEmptySchedule() throws InvalidScheduleException {
    var spec = new ShutdownScheduleSpec();
    spec.timeZone = "UTC";
    spec.sleep = null;
    spec.holidays = null;

    assertThat(SleepSchedule.fromSpec(spec).stateAt(at("2026-03-24T12:00:00Z")))
        .isEqualTo(ScheduleState.Awake);
  }

  @Test
  void nullEntriesAreProblemsNotCrashes() {
    var window = window("Mon", "19:00", "07:00");
    window.days = new ArrayList<>(Arrays.asList(Weekday.Mon, null));
    window.to = null;
    var spec = spec("UTC", Arrays.asList(window, null));
    spec.holidays = Arrays.asList((String) null);

    assertThatExceptionOfType(InvalidScheduleException.class)
        .isThrownBy(() -> SleepSchedule.fromSpec(spec))
        .satisfies(
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "sleep[0].days has an empty entry; use Mon, Tue, Wed, Thu, Fri, Sat or Sun",
                        "sleep[0].to is required, as HH:MM, e.g. 19:00",
                        "sleep[1] is empty; give days, from and to",
                        "holidays[0] is empty; give a date as YYYY-MM-DD, e.g. 2026-12-24"));
  }

  private static dev.costguard.api.v1alpha1.SleepWindowSpec windowWithoutDays() {
    var window = window("Mon", "19:00", "07:00");
    window.days = List.of();
    return window;
  }
}
