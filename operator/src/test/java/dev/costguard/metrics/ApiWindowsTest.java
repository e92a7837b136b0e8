package dev.costguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiWindowsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "-",
      textBlock =
          """
          10s,     PT10S
          5m,      PT5M
          90s,     PT1M30S
          24h,     PT24H
          7d,      PT168H
          168h,    PT168H
          9s,      -
          8d,      -
          1w,      -
          5m30s,   -
          -5m,     -
          0m,      -
          05m,     -
          5M,      -
          ' 5m',   -
          99999999d, -
          """)
  void aWindowIsOneUnitFromTenSecondsToSevenDays(String text, Duration want) {
    assertThat(ApiWindows.parse(text).orElse(null)).isEqualTo(want);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"PT5M, 5m", "PT1M30S, 90s", "PT24H, 1d", "PT2H, 2h", "PT10S, 10s"})
  void aWindowIsWrittenInItsLargestWholeUnit(Duration window, String want) {
    assertThat(ApiWindows.format(window)).isEqualTo(want);
  }
}
