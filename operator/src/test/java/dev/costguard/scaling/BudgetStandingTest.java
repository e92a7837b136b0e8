package dev.costguard.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetStandingTest {
  static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "none",
      value = {
        // name,                                                   remaining, costPerHour,
        // hoursLeft, perReplica, current, affordable
        "10 left for 10 h at 0.5 per replica-hour pays for 2,        10,        none,        10,        0.5,        1,       2",
        "the budget's other workloads spend first,                   10,        1.5,         10,        0.5,        1,       0",
        "this workload's own replicas are not counted twice,         10,        1.0,         10,        0.5,        2,       2",
        "overspent pays for none,                                    -5,        none,        10,        0.5,        3,       0",
        "a period that ended sets no cap (it rolls over),            10,        none,        0,         0.5,        3,       none",
        "a free replica sets no cap,                                 10,        none,        10,        0,          3,       none",
        "the last hour of a big budget pays for many,                1000,      none,        1,         0.95,       3,       1052",
      })
  void affordableReplicas(
      String name,
      BigDecimal remaining,
      BigDecimal costPerHour,
      long hoursLeft,
      BigDecimal perReplica,
      int current,
      Integer expected) {
    BudgetStanding standing =
        new BudgetStanding(
            "b",
            "USD",
            remaining,
            costPerHour,
            NOW.plusSeconds(hoursLeft * 3600),
            false,
            false,
            "");
    OptionalInt affordable = standing.affordableReplicas(perReplica, current, NOW);
    assertThat(affordable)
        .isEqualTo(expected == null ? OptionalInt.empty() : OptionalInt.of(expected));
  }
}
