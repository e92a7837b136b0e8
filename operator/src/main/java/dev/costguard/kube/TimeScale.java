package dev.costguard.kube;

import java.time.Duration;

/**
 * How the operator's clock relates to real time, for requeue delays: the same in a cluster; the
 * sandbox runs its clock faster so that a night's sleep shows within minutes.
 */
@FunctionalInterface
public interface TimeScale {
  TimeScale REAL_TIME = clockDuration -> clockDuration;

  /** How long to wait in real time until {@code clockDuration} has passed on the clock. */
  Duration toReal(Duration clockDuration);
}
