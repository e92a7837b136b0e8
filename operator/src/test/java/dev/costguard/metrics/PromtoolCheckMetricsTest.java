package dev.costguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.Manifests;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Prometheus's own linter on the operator's real /metrics output. */
@Tag("integration")
class PromtoolCheckMetricsTest {

  @Test
  void theOperatorsMetricsPassPromtoolCheckMetrics() throws Exception {
    try (OperatorHarness harness = OperatorHarness.start()) {
      Manifests.apply(harness.client(), FleetSeed.objects());
      RepoPaths.exampleFiles().forEach(harness::apply);
      String scrape =
          harness.awaitValue(
              harness::metrics,
              body -> body.contains("operator_sdk_reconciliations_started_total"));

      Process promtool =
          new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
      promtool.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
      promtool.getOutputStream().close();
      assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String findings =
          new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(findings).as("promtool check metrics findings").isEmpty();
      assertThat(promtool.exitValue()).isZero();
    }
  }
}
