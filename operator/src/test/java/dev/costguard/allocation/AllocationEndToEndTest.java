package dev.costguard.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.testing.OperatorHarness;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator accrues what a pod costs, publishes it as counters on /metrics and answers the
 * allocation API with the same numbers. Without a catalog, OpenCost's default prices apply: a pod
 * of 1 core and 1 GiB costs 0.031611 + 0.004237 = 0.035848 per hour; its node of 4 cores and 16 GiB
 * costs 0.126444 + 0.067792 = 0.194236, so 0.158388 per hour is idle.
 */
class AllocationEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OperatorHarness harness = OperatorHarness.start();

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void anHourOfOnePodIsOnMetricsAndInTheApiToTheMicroUnit() throws Exception {
    harness.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: ml, labels: {team: research, cost-center: cc-42}}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: cpu-1}
        status: {allocatable: {cpu: "4", memory: 16Gi}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: train-0, namespace: ml}
        spec:
          nodeName: cpu-1
          containers: [{name: main, image: train, resources: {requests: {cpu: "1", memory: 1Gi}}}]
        status: {phase: Running}
        """);
    // the rate is known once the gauge shows it; the counters start from that observation
    harness.awaitValue(
        harness::metrics,
        text -> text.contains("costguard_namespace_cost_per_hour{capacity_type=\"OnDemand\""));
    harness.awaitValue(harness::metrics, text -> text.contains("costguard_idle_cost_total{"));
    harness.clock().advance(Duration.ofHours(1));

    String scrape =
        harness.awaitValue(
            harness::metrics,
            text ->
                text.contains(
                    "costguard_cost_total{capacity_type=\"OnDemand\",currency=\"USD\","
                        + "namespace=\"ml\",team=\"research\"} 0.035848"));
    assertThat(counter(scrape, "costguard_idle_cost_total")).isEqualTo("0.158388");
    assertThat(scrape)
        .contains("costguard_energy_joules_total{namespace=\"ml\",team=\"research\"}");

    HttpResponse<String> response =
        harness.get("/api/v1/allocation?window=1d&aggregate=label:cost-center");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.at("/source").asText()).isEqualTo("operator");
    assertThat(body.at("/allocations/0/name").asText()).isEqualTo("cc-42");
    assertThat(body.at("/allocations/0/cost/0/amount").asText()).isEqualTo("0.035848");
    assertThat(body.at("/idle/0/amount").asText()).isEqualTo("0.158388");
    assertThat(body.at("/totals/0/total").asText()).isEqualTo("0.194236");

    HttpResponse<String> bad = harness.get("/api/v1/allocation?window=1y");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).at("/error/parameter").asText()).isEqualTo("window");
    assertThat(harness.get("/api/v1/nothing").statusCode()).isEqualTo(404);
  }

  private static String counter(String scrape, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} (\\S+)$").matcher(scrape);
    assertThat(m.find()).as(name + " in\n" + scrape).isTrue();
    return m.group(1);
  }
}
