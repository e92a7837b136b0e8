package dev.costguard.schedule;

import static dev.costguard.schedule.ScheduleState.Asleep;
import static dev.costguard.schedule.ScheduleState.Awake;
import static dev.costguard.schedule.Schedules.EVERY_DAY;
import static dev.costguard.schedule.Schedules.WEEKDAYS;
import static dev.costguard.schedule.Schedules.at;
import static dev.costguard.schedule.Schedules.schedule;
import static dev.costguard.schedule.Schedules.window;
import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.Weekday;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShutdownDecisionTest {
  static final SleepSchedule WEEKDAY_NIGHTS_BERLIN =
      schedule("Europe/Berlin", List.of(window(WEEKDAYS, "19:00", "07:00")));
  static final SleepSchedule WEEKEND_BERLIN =
      schedule("Europe/Berlin", List.of(window("Fri", "19:00", "07:00", Weekday.Mon)));
  static final SleepSchedule NIGHTS_AND_WEEKEND_BERLIN =
      schedule(
          "Europe/Berlin",
          List.of(
              window(WEEKDAYS, "19:00", "07:00"), window("Fri", "19:00", "07:00", Weekday.Mon)));
  static final SleepSchedule NIGHTS_WITH_CHRISTMAS_EVE_BERLIN =
      schedule("Europe/Berlin", List.of(window(WEEKDAYS, "19:00", "07:00")), "2026-12-24");
  static final SleepSchedule CHRISTMAS_EVE_BERLIN =
      schedule("Europe/Berlin", List.of(), "2026-12-24");
  static final SleepSchedule PAST_HOLIDAY_ONLY = schedule("Europe/Berlin", List.of(), "2025-12-24");
  static final SleepSchedule EVERY_NIGHT_BERLIN =
      schedule("Europe/Berlin", List.of(window(EVERY_DAY, "19:00", "07:00")));
  static final SleepSchedule EVERY_NIGHT_NEW_YORK =
      schedule("America/New_York", List.of(window(EVERY_DAY, "19:00", "07:00")));
  static final SleepSchedule TUESDAY_NIGHTS_BERLIN =
      schedule("Europe/Berlin", List.of(window("Tue", "19:00", "07:00")));

  /** Both edges at 02:30: inside the skipped hour in March and the repeated hour in October. */
  static final SleepSchedule FROM_0230_BERLIN =
      schedule("Europe/Berlin", List.of(window(EVERY_DAY, "02:30", "06:00")));

  static final SleepSchedule UNTIL_0230_BERLIN =
      schedule("Europe/Berlin", List.of(window(EVERY_DAY, "22:00", "02:30")));

  /** Monday 09:00 until the next Monday 09:00, every week: one endless sleep. */
  static final SleepSchedule ALWAYS_ASLEEP_BERLIN =
      schedule("Europe/Berlin", List.of(window("Mon", "09:00", "09:00", Weekday.Mon)));

  static final Duration HOUR = Duration.ofHours(1);
  static final Duration SECOND = Duration.ofSeconds(1);

  record Scenario(
      String name,
      SleepSchedule schedule,
      String awakeUntil,
      String now,
      ScheduleState state,
      String nextTransition,
      Duration requeueAfter) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario(
            "weekday night window: awake on a Tuesday afternoon",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-24T15:00:00+01:00",
            Awake,
            "2026-03-24T19:00:00+01:00",
            HOUR),
        new Scenario(
            "weekday night window: asleep late on Tuesday evening",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-24T23:00:00+01:00",
            Asleep,
            "2026-03-25T07:00:00+01:00",
            HOUR),
        new Scenario(
            "edge: awake one second before from",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-24T18:59:59+01:00",
            Awake,
            "2026-03-24T19:00:00+01:00",
            SECOND),
        new Scenario(
            "edge: asleep at exactly from",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-24T19:00:00+01:00",
            Asleep,
            "2026-03-25T07:00:00+01:00",
            HOUR),
        new Scenario(
            "edge: asleep one second after from",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-24T19:00:01+01:00",
            Asleep,
            "2026-03-25T07:00:00+01:00",
            HOUR),
        new Scenario(
            "edge: asleep one second before to",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-25T06:59:59+01:00",
            Asleep,
            "2026-03-25T07:00:00+01:00",
            SECOND),
        new Scenario(
            "edge: awake at exactly to",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-25T07:00:00+01:00",
            Awake,
            "2026-03-25T19:00:00+01:00",
            HOUR),
        new Scenario(
            "edge: awake one second after to",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-25T07:00:01+01:00",
            Awake,
            "2026-03-25T19:00:00+01:00",
            HOUR),
        new Scenario(
            "midnight crossing: still asleep at midnight",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-25T00:00:00+01:00",
            Asleep,
            "2026-03-25T07:00:00+01:00",
            HOUR),
        new Scenario(
            "midnight crossing: the Friday window ends on Saturday morning",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-21T06:30:00+01:00",
            Asleep,
            "2026-03-21T07:00:00+01:00",
            Duration.ofMinutes(30)),
        new Scenario(
            "weekday night window: awake all weekend until Monday evening",
            WEEKDAY_NIGHTS_BERLIN,
            null,
            "2026-03-21T12:00:00+01:00",
            Awake,
            "2026-03-23T19:00:00+01:00",
            HOUR),
        new Scenario(
            "weekend window: asleep at exactly Friday 19:00",
            WEEKEND_BERLIN,
            null,
            "2026-03-20T19:00:00+01:00",
            Asleep,
            "2026-03-23T07:00:00+01:00",
            HOUR),
        new Scenario(
            "weekend window: asleep on Sunday noon",
            WEEKEND_BERLIN,
            null,
            "2026-03-22T12:00:00+01:00",
            Asleep,
            "2026-03-23T07:00:00+01:00",
            HOUR),
        new Scenario(
            "weekend window: awake at exactly Monday 07:00, next sleep on Friday",
            WEEKEND_BERLIN,
            null,
            "2026-03-23T07:00:00+01:00",
            Awake,
            "2026-03-27T19:00:00+01:00",
            HOUR),
        new Scenario(
            "overlapping windows: Friday night and weekend are one sleep until Monday",
            NIGHTS_AND_WEEKEND_BERLIN,
            null,
            "2026-03-21T06:59:59+01:00",
            Asleep,
            "2026-03-23T07:00:00+01:00",
            HOUR),
        new Scenario(
            "nextTransition over a week: Tuesday-only window seen from Wednesday noon",
            TUESDAY_NIGHTS_BERLIN,
            null,
            "2026-03-18T12:00:00+01:00",
            Awake,
            "2026-03-24T19:00:00+01:00",
            HOUR),
        new Scenario(
            "holiday: asleep all day",
            CHRISTMAS_EVE_BERLIN,
            null,
            "2026-12-24T12:00:00+01:00",
            Asleep,
            "2026-12-25T00:00:00+01:00",
            HOUR),
        new Scenario(
            "holiday: asleep from local midnight",
            CHRISTMAS_EVE_BERLIN,
            null,
            "2026-12-24T00:00:00+01:00",
            Asleep,
            "2026-12-25T00:00:00+01:00",
            HOUR),
        new Scenario(
            "holiday: awake one second before local midnight",
            CHRISTMAS_EVE_BERLIN,
            null,
            "2026-12-23T23:59:59+01:00",
            Awake,
            "2026-12-24T00:00:00+01:00",
            SECOND),
        new Scenario(
            "holiday months ahead is found within the lookahead",
            CHRISTMAS_EVE_BERLIN,
            null,
            "2026-06-01T12:00:00+02:00",
            Awake,
            "2026-12-24T00:00:00+01:00",
            HOUR),
        new Scenario(
            "holiday adjoining night windows: one sleep from Wednesday 19:00 to Friday 07:00",
            NIGHTS_WITH_CHRISTMAS_EVE_BERLIN,
            null,
            "2026-12-23T19:00:00+01:00",
            Asleep,
            "2026-12-25T07:00:00+01:00",
            HOUR),
        new Scenario(
            "holiday adjoining night windows: no wake-up at the holiday's midnight",
            NIGHTS_WITH_CHRISTMAS_EVE_BERLIN,
            null,
            "2026-12-25T00:00:00+01:00",
            Asleep,
            "2026-12-25T07:00:00+01:00",
            HOUR),
        new Scenario(
            "no windows and only past holidays: awake, never changes",
            PAST_HOLIDAY_ONLY,
            null,
            "2026-03-24T12:00:00+01:00",
            Awake,
            null,
            HOUR),
        new Scenario(
            "Berlin spring forward 2026-03-29: wakes at 07:00 summer time",
            EVERY_NIGHT_BERLIN,
            null,
            "2026-03-29T01:59:59+01:00",
            Asleep,
            "2026-03-29T07:00:00+02:00",
            HOUR),
        new Scenario(
            "Berlin fall back 2026-10-25: asleep in the repeated hour, wakes at 07:00 winter time",
            EVERY_NIGHT_BERLIN,
            null,
            "2026-10-25T02:30:00+01:00",
            Asleep,
            "2026-10-25T07:00:00+01:00",
            HOUR),
        new Scenario(
            "New York spring forward 2026-03-08: wakes at 07:00 daylight time",
            EVERY_NIGHT_NEW_YORK,
            null,
            "2026-03-08T06:59:59-04:00",
            Asleep,
            "2026-03-08T07:00:00-04:00",
            SECOND),
        new Scenario(
            "New York fall back 2026-11-01: sleeps at 19:00 standard time",
            EVERY_NIGHT_NEW_YORK,
            null,
            "2026-11-01T18:59:59-05:00",
            Awake,
            "2026-11-01T19:00:00-05:00",
            SECOND),
        new Scenario(
            "from in Berlin's skipped hour: 02:30 starts at 03:30 summer time",
            FROM_0230_BERLIN,
            null,
            "2026-03-29T03:29:59+02:00",
            Awake,
            "2026-03-29T03:30:00+02:00",
            SECOND),
        new Scenario(
            "to in Berlin's skipped hour: 02:30 wakes at 03:30 summer time",
            UNTIL_0230_BERLIN,
            null,
            "2026-03-29T03:00:00+02:00",
            Asleep,
            "2026-03-29T03:30:00+02:00",
            Duration.ofMinutes(30)),
        new Scenario(
            "from in Berlin's repeated hour: 02:30 starts at its first occurrence",
            FROM_0230_BERLIN,
            null,
            "2026-10-25T02:29:59+02:00",
            Awake,
            "2026-10-25T02:30:00+02:00",
            SECOND),
        new Scenario(
            "to in Berlin's repeated hour: wakes at the first 02:30",
            UNTIL_0230_BERLIN,
            null,
            "2026-10-25T02:29:59+02:00",
            Asleep,
            "2026-10-25T02:30:00+02:00",
            SECOND),
        new Scenario(
            "to in Berlin's repeated hour: stays awake through the repeated hour",
            UNTIL_0230_BERLIN,
            null,
            "2026-10-25T02:00:00+01:00",
            Awake,
            "2026-10-25T22:00:00+01:00",
            HOUR),
        new Scenario(
            "untilDay on the start day with from = to: a week-long window never wakes",
            ALWAYS_ASLEEP_BERLIN,
            null,
            "2026-03-24T12:00:00+01:00",
            Asleep,
            null,
            HOUR),
        new Scenario(
            "awake-until in the future keeps a sleeping namespace awake",
            WEEKDAY_NIGHTS_BERLIN,
            "2026-03-24T22:00:00+01:00",
            "2026-03-24T21:30:00+01:00",
            Awake,
            "2026-03-24T22:00:00+01:00",
            Duration.ofMinutes(30)),
        new Scenario(
            "awake-until ending in the day: next change is the evening's sleep",
            WEEKDAY_NIGHTS_BERLIN,
            "2026-03-25T10:00:00+01:00",
            "2026-03-24T21:30:00+01:00",
            Awake,
            "2026-03-25T19:00:00+01:00",
            HOUR),
        new Scenario(
            "awake-until at exactly now has ended: the schedule applies",
            WEEKDAY_NIGHTS_BERLIN,
            "2026-03-24T21:30:00+01:00",
            "2026-03-24T21:30:00+01:00",
            Asleep,
            "2026-03-25T07:00:00+01:00",
            HOUR),
        new Scenario(
            "awake-until in the past is ignored",
            WEEKDAY_NIGHTS_BERLIN,
            "2026-03-24T18:00:00+01:00",
            "2026-03-24T21:30:00+01:00",
            Asleep,
            "2026-03-25T07:00:00+01:00",
            HOUR),
        new Scenario(
            "awake-until in a far year keeps awake without looking that far",
            WEEKDAY_NIGHTS_BERLIN,
            "+999999999-12-31T23:59:59Z",
            "2026-03-24T21:30:00+01:00",
            Awake,
            null,
            HOUR),
        new Scenario(
            "awake-until garbage is ignored",
            WEEKDAY_NIGHTS_BERLIN,
            "tomorrow morning",
            "2026-03-24T21:30:00+01:00",
            Asleep,
            "2026-03-25T07:00:00+01:00",
            HOUR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void decides(Scenario scenario) {
    Instant now = at(scenario.now());
    AwakeOverride override = AwakeUntilAnnotation.parse(scenario.awakeUntil());

    ShutdownDecision decision = ShutdownDecision.decide(now, scenario.schedule(), override);

    Optional<Instant> expectedNext =
        Optional.ofNullable(scenario.nextTransition()).map(Schedules::at);
    assertThat(decision.desiredState()).isEqualTo(scenario.state());
    assertThat(decision.nextTransition()).isEqualTo(expectedNext);
    assertThat(decision.requeueAfter()).isEqualTo(scenario.requeueAfter());
    assertThat(decision.awakeByOverride()).isEqualTo(override.keepsAwakeAt(now));
    assertThat(decision.ignoredOverride().isPresent())
        .isEqualTo(override instanceof AwakeOverride.Malformed);
    if (scenario.awakeUntil() == null) {
      assertThat(scenario.schedule().stateAt(now)).isEqualTo(scenario.state());
      assertThat(scenario.schedule().nextTransition(now)).isEqualTo(expectedNext);
    }
  }
}
