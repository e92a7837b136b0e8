package dev.costguard.kube;

import java.time.Duration;

/**
 * When a reconciler looks at a resource again: never later than {@code interval} (real time), and
 * sooner when its clock says something is due ({@link #after}).
 *
 * @param interval the longest real time between two reconciles of a resource
 * @param timeScale how the operator's clock relates to real time (faster in the sandbox)
 */
public record Resync(Duration interval, TimeScale timeScale) {

  /**
   * The real-time delay until {@code clockDuration} has passed on the clock, at most the interval.
   */
  public Duration after(Duration clockDuration) {
    Duration real = timeScale.toReal(clockDuration);
    return real.compareTo(interval) < 0 ? real : interval;
  }

  /** How long to wait in real time until {@code clockDuration} has passed on the clock. */
  public Duration toReal(Duration clockDuration) {
    return timeScale.toReal(clockDuration);
  }
}
