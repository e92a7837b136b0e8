package dev.costguard.sandbox;

import dev.costguard.kube.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code scale} times faster than real time from a chosen start, so that the
 * sandbox shows a night's sleep or a day's budget within minutes.
 */
public final class ScaledClock extends Clock implements TimeScale {
  private final Instant start;
  private final long startNanos;
  private final double scale;

  public ScaledClock(Instant start, double scale) {
    this(start, System.nanoTime(), scale);
  }

  private ScaledClock(Instant start, long startNanos, double scale) {
    if (scale <= 0) {
      throw new IllegalArgumentException("time scale must be positive, was " + scale);
    }
    this.start = start;
    this.startNanos = startNanos;
    this.scale = scale;
  }

  public double scale() {
    return scale;
  }

  /** How long to wait in real time for {@code clockDuration} to pass on this clock. */
  @Override
  public Duration toReal(Duration clockDuration) {
    return Duration.ofNanos((long) (clockDuration.toNanos() / scale));
  }

  @Override
  public Instant instant() {
    return start.plusNanos((long) ((System.nanoTime() - startNanos) * scale));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
