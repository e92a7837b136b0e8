package dev.costguard.budget;

import java.time.Duration;
import java.time.Instant;

/** One budget period: from {@code start} (inclusive) to {@code end} (exclusive). */
public record PeriodSpan(Instant start, Instant end) {
  public PeriodSpan {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("period must end after it starts: " + start + " " + end);
    }
  }

  /** 23 or 25 hours for a day with a daylight-saving change. */
  public Duration length() {
    return Duration.between(start, end);
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }
}
