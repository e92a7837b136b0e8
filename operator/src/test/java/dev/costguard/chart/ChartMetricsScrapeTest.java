package dev.costguard.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.FleetSimulator;
import dev.costguard.sandbox.GpuExporter;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.PrometheusServer;
import dev.costguard.sandbox.Sandbox;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.RepoPaths;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every metric the chart's alert rules and dashboard query is one the operator really exports: the
 * examples run on the simulated fleet with a real Prometheus (for the GPU trigger and {@code up}),
 * through an evening, until every name in {@link ChartMetricNames#USED} shows in a real scrape.
 */
@Tag("integration")
class ChartMetricsScrapeTest {
  private static final int EXAMPLE_PROMETHEUS_PORT = 19090;
  private static final String FAILURE_COUNTER = "operator_sdk_reconciliations_failed_total";

  private final Set<String> exported = new java.util.HashSet<>();

  @Test
  void everyNameTheChartQueriesIsInARealScrape() {
    try (OperatorHarness harness =
            OperatorHarness.start(
                OperatorHarness.testConfig()
                    .withPrometheusAllowedUrls(
                        List.of(Sandbox.prometheusUrl(EXAMPLE_PROMETHEUS_PORT))),
                // Real time, so that Prometheus's samples are fresh to the operator.
                Instant.now());
        GpuExporter exporter = new GpuExporter(harness.client(), harness.clock(), 0);
        PrometheusServer prometheus =
            PrometheusServer.start(
                EXAMPLE_PROMETHEUS_PORT,
                Map.of(
                    "costguard",
                    List.of("127.0.0.1:" + harness.operator().httpPort()),
                    "dcgm",
                    List.of(exporter.target())),
                Duration.ofMillis(500))) {
      ScheduledExecutorService fleet = Executors.newSingleThreadScheduledExecutor();
      FleetSimulator simulator = new FleetSimulator(harness.client(), harness.clock());
      try {
        Manifests.apply(harness.client(), FleetSeed.objects());
        RepoPaths.exampleFiles().forEach(harness::apply);
        fleet.scheduleWithFixedDelay(simulator::step, 0, 500, TimeUnit.MILLISECONDS);
        // A busy LLM server, so that the example GPU policy scales it.
        exporter.setGpuUtilisation("vllm-llama", 95);
        await()
            .atMost(Duration.ofSeconds(45))
            .until(
                () -> {
                  Set<String> missing = missing(harness.metrics());
                  return !missing.contains("costguard_scaling_actions_total")
                      && !missing.contains("costguard_gpu_utilization_ratio");
                });
        // Hours pass until a night in Berlin: budgets accrue and act, the dev namespaces sleep.
        harness.clock().set(nightInBerlinAtLeastSixHoursAfter(harness.clock().instant()));

        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () -> assertThat(missing(harness.metrics())).containsOnly(FAILURE_COUNTER));
        // java-operator-sdk creates its failure counter at the first failed reconcile, which a
        // healthy run never has: record one through its own metrics, as a failure would.
        MicrometerMetrics.withoutPerResourceMetrics(harness.operator().registry())
            .failedReconciliation(
                harness.client().resources(WorkloadBudget.class).withName("team-vision").get(),
                new IllegalStateException("a failed reconcile"),
                Map.of(Constants.CONTROLLER_NAME, "workloadbudget"));
        assertThat(missing(harness.metrics())).isEmpty();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    prometheus.get(
                        "/api/v1/query?query="
                            + URLEncoder.encode(
                                "up{job=\"costguard\"} == 1", StandardCharsets.UTF_8)),
                body -> body.contains("\"job\":\"costguard\""));
      } finally {
        fleet.shutdownNow();
      }
    }
  }

  private static Instant nightInBerlinAtLeastSixHoursAfter(Instant now) {
    ZonedDateTime night =
        now.atZone(ZoneId.of("Europe/Berlin")).withHour(21).withMinute(0).withSecond(0).withNano(0);
    while (night.toInstant().isBefore(now.plus(Duration.ofHours(6)))) {
      night = night.plusDays(1);
    }
    return night.toInstant();
  }

  /**
   * Names the chart uses that no scrape of this run has shown yet (a GPU ratio, say, is there only
   * while its query answers); {@code up} is Prometheus's own, checked above.
   */
  private Set<String> missing(String scrape) {
    scrape
        .lines()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split("[{ ]", 2)[0])
        .forEach(exported::add);
    return ChartMetricNames.USED.stream()
        .filter(name -> !name.equals("up") && !exported.contains(name))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
