package dev.costguard.notify;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter between delivery attempts: attempt n waits base x 2^(n-1),
 * capped, of which a random half is taken off ("equal jitter"), so that many notices failing
 * together do not retry together. Pure given its random source.
 */
public record Backoff(Duration base, Duration cap, DoubleSupplier random) {
  /** The wait before attempt {@code attempt + 1}, after {@code attempt} (1-based) failed. */
  public Duration after(int attempt) {
    long ceiling = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
    long full = Math.min(cap.toMillis(), ceiling);
    long half = full / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (full - half)));
  }
}
