package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetForecastTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ten days left at 2 per hour       | 100 | 2    | 2026-01-22T00:00:00Z | 2026-02-01T00:00:00Z | 580
          half an hour left                 | 100 | 2    | 2026-01-31T23:30:00Z | 2026-02-01T00:00:00Z | 101
          nothing running                   | 100 | 0    | 2026-01-22T00:00:00Z | 2026-02-01T00:00:00Z | 100
          accrued to the period end         | 100 | 2    | 2026-02-01T00:00:00Z | 2026-02-01T00:00:00Z | 100
          one second at a micro-unit rate   | 0   | 0.0036 | 2026-01-31T23:59:59Z | 2026-02-01T00:00:00Z | 0.000001
          """)
  void forecastIsSpentPlusTheCurrentRateForTheTimeLeft(
      String scenario,
      BigDecimal spent,
      BigDecimal costPerHour,
      Instant accruedUntil,
      Instant periodEnd,
      BigDecimal want) {
    assertThat(BudgetForecast.atPeriodEnd(spent, costPerHour, accruedUntil, periodEnd))
        .isEqualByComparingTo(want);
  }
}
