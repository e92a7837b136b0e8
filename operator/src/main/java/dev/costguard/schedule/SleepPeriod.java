package dev.costguard.schedule;

import java.time.Duration;
import java.time.Instant;

/** A stretch of sleep from {@code start} (asleep) up to {@code end} (awake again), half-open. */
public record SleepPeriod(Instant start, Instant end) {
  public SleepPeriod {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "a sleep period must end after it starts: " + start + " to " + end);
    }
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }

  /** Touching periods count too: sleep until 07:00 and sleep from 07:00 is one sleep. */
  public boolean overlapsOrTouches(SleepPeriod other) {
    return !other.start.isAfter(end) && !start.isAfter(other.end);
  }

  public SleepPeriod union(SleepPeriod other) {
    Instant earliestStart = start.isBefore(other.start) ? start : other.start;
    Instant latestEnd = end.isAfter(other.end) ? end : other.end;
    return new SleepPeriod(earliestStart, latestEnd);
  }

  /** Length of the part of this period that lies inside [from, to); zero when they do not meet. */
  public Duration overlapWith(Instant from, Instant to) {
    Instant overlapStart = start.isAfter(from) ? start : from;
    Instant overlapEnd = end.isBefore(to) ? end : to;
    return overlapEnd.isAfter(overlapStart)
        ? Duration.between(overlapStart, overlapEnd)
        : Duration.ZERO;
  }
}
