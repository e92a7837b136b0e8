package dev.costguard.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Forecast of a period's spend at its end: what is spent so far plus the current cost rate for the
 * time left, from {@code accruedUntil} to the period's end. Linear on purpose: the rate is what
 * runs now, and scaling, schedules and budget actions change it as they happen.
 */
public final class BudgetForecast {
  private BudgetForecast() {}

  public static BigDecimal atPeriodEnd(
      BigDecimal spent, BigDecimal costPerHour, Instant accruedUntil, Instant periodEnd) {
    return accruedUntil.isBefore(periodEnd)
        ? spent.add(BudgetAccrual.moneyFor(costPerHour, accruedUntil, periodEnd))
        : spent;
  }
}
