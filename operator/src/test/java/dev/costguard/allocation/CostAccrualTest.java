package dev.costguard.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.cost.CapacityType;
import dev.costguard.cost.CostRollup;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CostAccrualTest {
  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final CostRollup.Group ML =
      new CostRollup.Group("ml", "research", "OnDemand", CapacityType.OnDemand, "USD", "");

  /**
   * Observations as {@code minutes after T0 = money per hour of namespace ml}; each rate holds
   * until the next observation.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          the first observation starts the clock and accrues nothing | 0=1.20                           | 0.000000
          one hour at 1.20 per hour                                  | 0=1.20;60=3.00                   | 1.200000
          a rate holds until the next observation                    | 0=1.20;30=3.00;90=0              | 3.600000
          the same instant twice adds nothing; the newer rate holds  | 0=1.20;60=1.20;60=2.00;90=0      | 2.200000
          a clock stepping back adds nothing; its rates hold from then on | 0=1.20;60=1.20;30=9.00;120=1.20 | 10.200000
          a rate of zero accrues nothing                             | 0=0;600=5.00                     | 0.000000
          a third of a cent per hour for 20 minutes rounds down      | 0=0.01;20=0                      | 0.003333
          """)
  void moneyAccruesOneStepPerObservation(String scenario, String observations, String want) {
    CostAccrual accrual = new CostAccrual();
    AccruedTotals totals = AccruedTotals.NONE;
    for (String observation : observations.split(";")) {
      String[] at = observation.split("=");
      totals =
          accrual.observe(T0.plus(Duration.ofMinutes(Long.parseLong(at[0]))), Rollups.ml(at[1]));
    }

    assertThat(totals.groups().getOrDefault(ML, Accrued.ZERO).money()).isEqualTo(want);
  }

  @Test
  void secondsThatDoNotDivideAnHourLoseNothingOverManySteps() {
    CostAccrual accrual = new CostAccrual();
    AccruedTotals totals = null;
    // 1.00 per hour observed every 7 seconds for 3600 x 7 seconds: exactly 7.000000
    for (int step = 0; step <= 3600; step++) {
      totals = accrual.observe(T0.plusSeconds(7L * step), Rollups.ml("1.00"));
    }

    assertThat(totals.groups().get(ML).money()).isEqualTo("7.000000");
    assertThat(totals.since()).isEqualTo(T0);
    assertThat(totals.until()).isEqualTo(T0.plusSeconds(7 * 3600));
  }

  @Test
  void gpuTimeEnergyCarbonAndIdleCostAccrueInBaseUnits() {
    CostAccrual accrual = new CostAccrual();
    CostRollup rollup =
        Rollups.rollup()
            .pod(
                "ml",
                "research",
                "g1",
                CapacityType.Spot,
                "",
                "2.50",
                "1.5",
                "700",
                "210",
                "NVIDIA-H100")
            .node("g1", CapacityType.Spot, "4.00")
            .build();
    accrual.observe(T0, rollup);
    AccruedTotals totals = accrual.observe(T0.plus(Duration.ofMinutes(90)), rollup);

    Accrued ml =
        totals
            .groups()
            .get(
                new CostRollup.Group(
                    "ml", "research", "Spot", CapacityType.Spot, "USD", "NVIDIA-H100"));
    assertThat(ml.money()).isEqualTo("3.750000"); // 2.50 x 1.5 h
    assertThat(ml.gpuSeconds()).isEqualTo("8100.000000"); // 1.5 GPUs x 5400 s
    assertThat(ml.energyJoules()).isEqualTo("3780000.000000"); // 700 W x 5400 s
    assertThat(ml.carbonGrams()).isEqualTo("315.000000"); // 210 g/h x 1.5 h
    // the node costs 4.00, its pod 2.50: 1.50 idle per hour for 1.5 h
    assertThat(totals.idle().get(new CostRollup.IdleKey("Spot", "USD"))).isEqualTo("2.250000");
  }

  @Test
  void aReplicaThatStopsLeadingDoesNotAccrueTheTimeItsSuccessorAccrued() {
    CostAccrual accrual = new CostAccrual();
    accrual.observe(T0, Rollups.ml("1.00"));
    accrual.observe(T0.plus(Duration.ofHours(1)), Rollups.ml("1.00"));
    accrual.suspend();
    AccruedTotals back = accrual.observe(T0.plus(Duration.ofHours(3)), Rollups.ml("1.00"));
    assertThat(back.groups().get(ML).money()).isEqualTo("1.000000");

    AccruedTotals later = accrual.observe(T0.plus(Duration.ofHours(4)), Rollups.ml("1.00"));
    assertThat(later.groups().get(ML).money()).isEqualTo("2.000000");
  }

  @Test
  void aWindowIsTheDifferenceOfTheCheckpointsAtOrBeforeItsEnds() {
    CostAccrual accrual = new CostAccrual();
    // 1.00 per hour, observed every 20 minutes for ten hours
    for (int minute = 0; minute <= 600; minute += 20) {
      accrual.observe(T0.plus(Duration.ofMinutes(minute)), Rollups.ml("1.00"));
    }

    AllocationLines hours2to5 =
        accrual.between(T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(5)));
    assertThat(hours2to5.start()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(hours2to5.end()).isEqualTo(T0.plus(Duration.ofHours(5)));
    assertThat(hours2to5.costs())
        .singleElement()
        .extracting(AllocationLines.Cost::money)
        .isEqualTo(new BigDecimal("3.000000"));

    // a start between checkpoints widens to the checkpoint before it, and coverage says so
    AllocationLines fromHalfPast2 =
        accrual.between(T0.plus(Duration.ofMinutes(150)), T0.plus(Duration.ofHours(10)));
    assertThat(fromHalfPast2.start()).isEqualTo(T0.plus(Duration.ofHours(2)));
    assertThat(fromHalfPast2.end()).isEqualTo(T0.plus(Duration.ofHours(10)));
    assertThat(fromHalfPast2.costs().get(0).money()).isEqualByComparingTo("8.0");

    // a window starting before the operator begins at its start
    AllocationLines week =
        accrual.between(T0.minus(Duration.ofDays(7)), T0.plus(Duration.ofHours(10)));
    assertThat(week.start()).isEqualTo(T0);
    assertThat(week.costs().get(0).money()).isEqualByComparingTo("10.0");
    assertThat(week.source()).isEqualTo(AllocationLines.Source.operator);
  }

  @Test
  void beforeAnyObservationThereIsNothingAndNoCoverage() {
    AllocationLines lines = new CostAccrual().between(T0, T0.plus(Duration.ofHours(1)));
    assertThat(lines.costs()).isEmpty();
    assertThat(lines.start()).isNull();
  }
}
