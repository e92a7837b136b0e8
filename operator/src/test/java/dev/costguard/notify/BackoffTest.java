package dev.costguard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  @ParameterizedTest(name = "attempt {0} failed, random {1}: wait {2} ms")
  @CsvSource(
      textBlock =
          """
          1, 0.0, 500
          1, 1.0, 1000
          2, 0.0, 1000
          3, 0.5, 3000
          5, 1.0, 16000
          9, 0.0, 30000
          9, 1.0, 60000
          40, 1.0, 60000
          """)
  void waitsDoubleWithHalfOfEachWaitRandomUpToTheCap(int attempt, double random, long wantMillis) {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), () -> random);

    assertThat(backoff.after(attempt)).isEqualTo(Duration.ofMillis(wantMillis));
  }
}
