package dev.costguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.allocation.Accrued;
import dev.costguard.allocation.AccruedTotals;
import dev.costguard.cost.CapacityType;
import dev.costguard.cost.CostRollup;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccruedCostMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AccruedCostMetrics metrics = new AccruedCostMetrics(registry);

  @Test
  void countersFollowPrometheusNamingAndSumGroupsToTheirLabels() {
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    metrics.publish(
        new AccruedTotals(
            t0,
            t0.plusSeconds(3600),
            Map.of(
                group("ml", "research", "OnDemand", "NVIDIA-L4"),
                accrued("1.250000", "3600", "1080000", "12.5"),
                group("ml", "research", "OnDemand", ""),
                accrued("0.750000", "0", "360000", "0"),
                group("ml", "research", "NodePool", ""),
                accrued("0.100000", "0", "0", "0")),
            Map.of(new CostRollup.IdleKey("Spot", "USD"), new BigDecimal("0.300000"))));

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("# TYPE costguard_cost_total counter")
        .contains(
            "costguard_cost_total{capacity_type=\"OnDemand\",currency=\"USD\",namespace=\"ml\",team=\"research\"} 2.0")
        .contains(
            "costguard_cost_total{capacity_type=\"NodePool\",currency=\"USD\",namespace=\"ml\",team=\"research\"} 0.1")
        .contains("costguard_idle_cost_total{capacity_type=\"Spot\",currency=\"USD\"} 0.3")
        .contains(
            "costguard_gpu_allocated_seconds_total{gpu_model=\"NVIDIA-L4\",namespace=\"ml\",team=\"research\"} 3600.0")
        .contains("costguard_energy_joules_total{namespace=\"ml\",team=\"research\"} 1440000.0")
        .contains("costguard_carbon_grams_total{namespace=\"ml\",team=\"research\"} 12.5");
    // GPU-less groups add no gpu_model="unknown" series
    assertThat(scrape).doesNotContain("gpu_model=\"unknown\"");
  }

  @Test
  void aSeriesKeepsCountingAcrossPublications() {
    Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
    for (String money : new String[] {"1.000000", "2.500000"}) {
      metrics.publish(
          new AccruedTotals(
              t0,
              t0.plusSeconds(60),
              Map.of(group("ml", "", "Spot", ""), accrued(money, "0", "0", "0")),
              Map.of()));
    }
    assertThat(registry.scrape())
        .contains(
            "costguard_cost_total{capacity_type=\"Spot\",currency=\"USD\",namespace=\"ml\",team=\"\"} 2.5");
  }

  private static CostRollup.Group group(
      String namespace, String team, String capacity, String gpuModel) {
    return new CostRollup.Group(
        namespace,
        team,
        capacity,
        capacity.equals("Spot") ? CapacityType.Spot : CapacityType.OnDemand,
        "USD",
        gpuModel);
  }

  private static Accrued accrued(String money, String gpuSeconds, String joules, String grams) {
    return new Accrued(
        new BigDecimal(money),
        new BigDecimal(gpuSeconds),
        new BigDecimal(joules),
        new BigDecimal(grams));
  }
}
