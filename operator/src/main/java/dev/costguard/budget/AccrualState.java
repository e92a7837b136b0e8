package dev.costguard.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What a budget has spent in its current period, as persisted in its status: money up to {@code
 * accruedUntil}, and not a moment beyond, so that whoever accrues next starts exactly there.
 */
public record AccrualState(Instant periodStart, BigDecimal spent, Instant accruedUntil) {
  public AccrualState {
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(accruedUntil, "accruedUntil");
    if (spent.signum() < 0) {
      throw new IllegalArgumentException("spent must not be negative: " + spent);
    }
    if (accruedUntil.isBefore(periodStart)) {
      throw new IllegalArgumentException("accruedUntil before periodStart: " + accruedUntil);
    }
  }

  /** A new budget: nothing spent, accruing from {@code now} in the period containing it. */
  public static AccrualState startingAt(Instant now, BudgetCalendar calendar) {
    return new AccrualState(calendar.periodContaining(now).start(), BigDecimal.ZERO, now);
  }
}
