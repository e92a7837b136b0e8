package dev.costguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.Main;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.MockCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code costguard report} against the mock cluster. No catalog, so OpenCost's defaults price the
 * pods: train-0 (2 cores, 4 GiB) 2 x 0.031611 + 4 x 0.004237 = 0.080170 per hour; api-0 (1 core, 1
 * GiB) 0.035848. The node (8 cores, 32 GiB) costs 0.252888 + 0.135584 = 0.388472, so 0.272454 is
 * idle.
 */
class ReportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
  private MockCluster cluster;

  @BeforeEach
  void seed() {
    cluster = MockCluster.start();
    apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: ml, labels: {team: research}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: web}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: cpu-1}
        status: {allocatable: {cpu: "8", memory: 32Gi}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: train-0, namespace: ml}
        spec:
          nodeName: cpu-1
          containers: [{name: main, image: train, resources: {requests: {cpu: "2", memory: 4Gi}}}]
        status: {phase: Running}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: api-0, namespace: web, labels: {team: shop}}
        spec:
          nodeName: cpu-1
          containers: [{name: main, image: api, resources: {requests: {cpu: "1", memory: 1Gi}}}]
        status: {phase: Running}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: done-0, namespace: web}
        spec:
          nodeName: cpu-1
          containers: [{name: main, image: job, resources: {requests: {cpu: "4"}}}]
        status: {phase: Succeeded}
        ---
        apiVersion: costguard.dev/v1alpha1
        kind: WorkloadBudget
        metadata: {name: ml-monthly}
        spec:
          selector: {namespaces: [ml]}
          limit: {amount: "100", currency: USD}
          period: Monthly
        """);
    KubernetesClient client = cluster.client();
    WorkloadBudget budget = client.resources(WorkloadBudget.class).withName("ml-monthly").get();
    WorkloadBudgetStatus status = new WorkloadBudgetStatus();
    status.currency = "USD";
    status.periodStart = "2026-12-01T00:00:00Z";
    status.periodEnd = "2027-01-01T00:00:00Z";
    status.spent = new BigDecimal("80.25");
    status.costPerHour = new BigDecimal("0.08017");
    status.forecast = new BigDecimal("101.5");
    status.utilization = "80%";
    budget.setStatus(status);
    client.resource(budget).updateStatus();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void jsonShowsBudgetsTopSpendersAndIdleCostAsTheOperatorPricesThem() throws Exception {
    JsonNode report = JSON.readTree(run("-o", "json"));

    assertThat(report.at("/kind").asText()).isEqualTo("Report");
    assertThat(report.at("/catalog").asText()).isEqualTo("OpenCost defaults");
    assertThat(report.at("/budgets/0/name").asText()).isEqualTo("ml-monthly");
    assertThat(report.at("/budgets/0/spent").asText()).isEqualTo("80.25");
    assertThat(report.at("/budgets/0/burnPerHour").asText()).isEqualTo("0.08017");
    assertThat(report.at("/budgets/0/standing").asText()).isEqualTo("AtRisk");
    assertThat(report.at("/topSpenders/0/namespace").asText()).isEqualTo("ml");
    assertThat(report.at("/topSpenders/0/team").asText()).isEqualTo("research");
    assertThat(report.at("/topSpenders/0/costPerHour").asText()).isEqualTo("0.080170");
    assertThat(report.at("/topSpenders/1/namespace").asText()).isEqualTo("web");
    assertThat(report.at("/topSpenders/1/team").asText()).isEqualTo("shop");
    assertThat(report.at("/topSpenders/1/costPerHour").asText()).isEqualTo("0.035848");
    assertThat(report.at("/idle/0/costPerHour").asText()).isEqualTo("0.272454");
    assertThat(report.at("/warnings")).isEmpty();
  }

  @Test
  void tableIsReadableInATerminal() {
    String table = run("--top", "1");

    assertThat(table)
        .contains("BUDGETS")
        .containsPattern(
            "NAME\\s+SPENT\\s+LIMIT\\s+USED\\s+BURN/H\\s+FORECAST\\s+PERIOD END\\s+STANDING")
        .containsPattern("ml-monthly\\s+80.25 USD\\s+100 USD\\s+80%\\s+0.08017 USD\\s+101.5 USD")
        .contains("AtRisk")
        .contains("No shutdown schedules.")
        .containsPattern("ml\\s+research\\s+0.080170 USD\\s+0")
        .doesNotContain("web ");
  }

  @Test
  void topOutsideItsBoundsIsAUsageError() {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new Main()).setErr(new PrintWriter(err)).execute("report", "--top", "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--top must be between 1 and 1000");
  }

  private String run(String... args) {
    ReportCommand command = new ReportCommand();
    new CommandLine(command).parseArgs(args);
    StringWriter out = new StringWriter();
    int code = command.print(cluster.client(), CLOCK, new PrintWriter(out));
    assertThat(code).isZero();
    return out.toString();
  }

  private void apply(String yaml) {
    List<HasMetadata> objects =
        cluster
            .client()
            .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
            .items();
    Manifests.apply(cluster.client(), objects);
  }
}
