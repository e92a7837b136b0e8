package dev.costguard.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Trigger values in status are what a person reads, for any finite value, however large. */
class ScalingStatusRenderingTest {
  @ParameterizedTest(name = "{0} is shown as {1}")
  @CsvSource({
    "0.123456, 0.12",
    "70.005, 70.01",
    "1e308, 1.0E308",
    "-1e308, -1.0E308",
    "9.3e18, 9.3E18",
    "1e-9, 0.0"
  })
  void valuesAreRoundedToTwoDecimalsWithoutClipping(double value, double shown) {
    assertThat(ScalingStatus.rounded(value)).isEqualTo(shown);
  }

  @ParameterizedTest(name = "{0} reads {1}")
  @CsvSource({"1e308, 1", "80, 80", "0.5, 0.5", "33.333, 33.33"})
  void messagesShowPlainDecimals(double value, String startsWith) {
    assertThat(ScalingStatus.decimal(value)).startsWith(startsWith).doesNotContain("E");
  }
}
