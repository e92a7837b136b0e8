package dev.costguard.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Spend accrues as cost rate x elapsed time, from the persisted {@link AccrualState} to now.
 *
 * <p>Each instant is counted exactly once: {@code accruedUntil} only moves forward, so accruing
 * again at the same or an earlier instant (a restart, a second replica, a stale clock) adds
 * nothing, and an interval crossing period ends is split at each of them, the part before an end
 * closing that period and the rest going to the next one.
 *
 * <p>A calendar edit ({@code period}, {@code startDay} or {@code timeZone}) never drops money: the
 * spend accrued so far in the old period is carried, whole, into the period of the new calendar
 * that contains {@code accruedUntil}, and the result says so ({@link AccrualResult#carried()}).
 * Costguard does not know how that money was spread over time, so it does not guess a split; an
 * edit reverted carries it back again, unchanged.
 */
public final class BudgetAccrual {
  /** Money is kept to 10^-9, far below a micro-unit even after a month of one-second steps. */
  public static final int MONEY_SCALE = 9;

  private static final BigDecimal NOTHING = BigDecimal.ZERO.setScale(MONEY_SCALE);
  private static final BigDecimal NANOS_PER_HOUR =
      BigDecimal.valueOf(Duration.ofHours(1).toNanos());

  private BudgetAccrual() {}

  /**
   * @param costPerHour the cost rate that held since {@code previous.accruedUntil()}
   */
  public static AccrualResult accrue(
      AccrualState previous, BigDecimal costPerHour, Instant now, BudgetCalendar calendar) {
    if (costPerHour.signum() < 0) {
      throw new IllegalArgumentException("negative cost rate: " + costPerHour);
    }
    List<ClosedPeriod> closed = new ArrayList<>();
    PeriodSpan period = calendar.periodContaining(previous.periodStart());
    BigDecimal spent = previous.spent();
    Instant from = previous.accruedUntil();
    CarriedOver carried = null;
    if (!period.start().equals(previous.periodStart()) || from.isAfter(period.end())) {
      // The budget's period, start day or time zone changed: what the old period accrued up to
      // accruedUntil moves into the new calendar's period containing that instant, counted once.
      period = calendar.periodContaining(from);
      carried = new CarriedOver(previous.periodStart(), from, spent, period);
    }
    if (now.isAfter(from)) {
      while (!now.isBefore(period.end())) {
        spent = spent.add(moneyFor(costPerHour, from, period.end()));
        closed.add(new ClosedPeriod(period, spent));
        from = period.end();
        period = calendar.periodAfter(period);
        spent = NOTHING;
      }
      spent = spent.add(moneyFor(costPerHour, from, now));
      from = now;
    }
    return new AccrualResult(
        new AccrualState(period.start(), spent, from), period, closed, carried);
  }

  /** {@code perHour} x the time from {@code from} to {@code to}, rounded half-even to 10^-9. */
  static BigDecimal moneyFor(BigDecimal perHour, Instant from, Instant to) {
    Duration elapsed = Duration.between(from, to);
    BigDecimal nanos =
        BigDecimal.valueOf(elapsed.getSeconds())
            .movePointRight(9)
            .add(BigDecimal.valueOf(elapsed.getNano()));
    return perHour.multiply(nanos).divide(NANOS_PER_HOUR, MONEY_SCALE, RoundingMode.HALF_EVEN);
  }
}
