package dev.costguard.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a namespace under a shutdown schedule should be now, and when to look again.
 *
 * @param desiredState Awake or Asleep, the override taken into account
 * @param awakeByOverride true while the namespace's awake-until override is in force
 * @param nextTransition when the desired state next changes; empty if not within a year
 * @param requeueAfter time until {@code nextTransition}, at most {@link #MAX_REQUEUE}
 * @param ignoredOverride why an unreadable override was ignored, for an event or condition
 */
public record ShutdownDecision(
    ScheduleState desiredState,
    boolean awakeByOverride,
    Optional<Instant> nextTransition,
    Duration requeueAfter,
    Optional<String> ignoredOverride) {

  /** Look again at least this often, so a missed event or an edited schedule heals on its own. */
  public static final Duration MAX_REQUEUE = Duration.ofHours(1);

  public static ShutdownDecision decide(
      Instant now, SleepSchedule schedule, AwakeOverride override) {
    boolean overrideInForce = override.keepsAwakeAt(now);
    ScheduleState desired = overrideInForce ? ScheduleState.Awake : schedule.stateAt(now);
    Optional<Instant> next =
        override instanceof AwakeOverride.Until awake && overrideInForce
            ? firstTransitionFrom(now, awake.until(), schedule)
            : schedule.nextTransition(now);
    Duration requeueAfter =
        next.map(transition -> Duration.between(now, transition))
            .filter(untilTransition -> untilTransition.compareTo(MAX_REQUEUE) < 0)
            .orElse(MAX_REQUEUE);
    Optional<String> ignored =
        override instanceof AwakeOverride.Malformed malformed
            ? Optional.of(malformed.problem())
            : Optional.empty();
    return new ShutdownDecision(desired, overrideInForce, next, requeueAfter, ignored);
  }

  /** The override ends at {@code overrideEnd}: a transition if the schedule sleeps by then. */
  private static Optional<Instant> firstTransitionFrom(
      Instant now, Instant overrideEnd, SleepSchedule schedule) {
    // An override years ahead (even year 999999999) is out of view, like any far transition.
    if (overrideEnd.isAfter(now.plus(SleepSchedule.LOOKAHEAD))) {
      return Optional.empty();
    }
    return schedule.stateAt(overrideEnd) == ScheduleState.Asleep
        ? Optional.of(overrideEnd)
        : schedule.nextTransition(overrideEnd);
  }
}
