package dev.costguard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PicoRateTest {
  @ParameterizedTest(name = "{0} per {1} units x {2} units")
  @CsvSource({
    "0.031611, 1000, 250",
    "0.031611, 1000, 256000",
    "0.004237, 1073741824, 1073741824",
    "0.004237, 1073741824, 1000000000",
    "0.004237, 1073741824, 1099511627776",
    "0.95, 7, 1",
    "0.95, 7, 56",
    "98.32, 8, 3",
    "1.234567890123, 3, 17",
    "12.5, 96000, 1",
    "12.5, 824633720832, 1",
    "12.5, 824633720832, 12345678901",
    "0.000000001, 1073741824, 1",
    "0.000892, 1073741824, 536870912",
    "400, 1000000000000000, 123456789012345",
    "1000, 1, 9000"
  })
  void givesTheExactProductRoundedToAWholePicoUnit(
      BigDecimal amount, BigDecimal perQuantity, long quantity) {
    BigDecimal exactPicos =
        amount
            .movePointRight(12)
            .multiply(BigDecimal.valueOf(quantity))
            .divide(perQuantity, 30, RoundingMode.HALF_EVEN);

    long picos = PicoRate.of(amount, perQuantity).picosFor(quantity);

    assertThat(BigDecimal.valueOf(picos))
        .isBetween(
            exactPicos.setScale(0, RoundingMode.FLOOR),
            exactPicos.setScale(0, RoundingMode.CEILING));
  }

  @Test
  void aZeroRateCostsNothing() {
    assertThat(PicoRate.of(BigDecimal.ZERO, BigDecimal.TEN).picosFor(Long.MAX_VALUE)).isZero();
  }

  @Test
  void anAmountBeyondALongIsAnErrorNotAWrongPrice() {
    PicoRate rate = PicoRate.of(new BigDecimal("1000000"), BigDecimal.ONE);

    assertThatThrownBy(() -> rate.picosFor(10_000_000)).isInstanceOf(ArithmeticException.class);
  }
}
