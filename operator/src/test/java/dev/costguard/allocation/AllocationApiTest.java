package dev.costguard.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.api.v1alpha1.BudgetLimit;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.cost.CapacityType;
import dev.costguard.testing.MutableClock;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The allocation API over the operator's own totals: two hours of a small fleet observed every ten
 * minutes. Per hour: ml (team research, on-demand) 1.20 with one GPU at 300 W; ml spot 0.30; web
 * (team shop, label cost-center=retail) 0.50 on-demand; ops (no team) 0.10 on a pool node; the
 * on-demand node costs 2.00 (idle 0.30), the spot node 0.45 (idle 0.15).
 */
class AllocationApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-12-04T08:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final CostAccrual accrual = new CostAccrual();
  private final Map<String, Map<String, String>> namespaceLabels =
      Map.of("web", Map.of("cost-center", "retail"), "ml", Map.of("cost-center", "research"));
  private AllocationApi api;

  @BeforeEach
  void twoHoursOfAFleet() {
    for (int minute = 0; minute <= 120; minute += 10) {
      accrual.observe(START.plus(Duration.ofMinutes(minute)), fleet());
    }
    clock.set(START.plus(Duration.ofMinutes(120)).plusMillis(400));
    api =
        new AllocationApi(
            clock,
            accrual::between,
            Optional.empty(),
            "",
            ns -> namespaceLabels.getOrDefault(ns, Map.of()),
            () -> List.of(budget()));
  }

  private static dev.costguard.cost.CostRollup fleet() {
    return Rollups.rollup()
        .pod(
            "ml",
            "research",
            "od-1",
            CapacityType.OnDemand,
            "",
            "1.20",
            "1",
            "300",
            "0",
            "NVIDIA-L4")
        .pod("ml", "research", "spot-1", CapacityType.Spot, "0.30")
        .pod("web", "shop", "od-1", CapacityType.OnDemand, "0.50")
        .pod("ops", "", "pool-1", CapacityType.OnDemand, "onprem", "0.10", "0", "0", "0", "")
        .node("od-1", CapacityType.OnDemand, "2.00")
        .node("spot-1", CapacityType.Spot, "0.45")
        .build();
  }

  @Test
  void totalsByNamespaceWithIdleCostGpuHoursAndEnergy() throws Exception {
    JsonNode body = get("/api/v1/allocation", "window=2h", 200);

    assertThat(body.at("/apiVersion").asText()).isEqualTo("costguard.dev/v1");
    assertThat(body.at("/kind").asText()).isEqualTo("Allocation");
    assertThat(body.at("/source").asText()).isEqualTo("operator");
    assertThat(body.at("/aggregate").asText()).isEqualTo("namespace");
    assertThat(body.at("/window/start").asText()).isEqualTo("2026-12-04T08:00:00Z");
    assertThat(body.at("/window/end").asText()).isEqualTo("2026-12-04T10:00:00Z");
    assertThat(body.at("/coverage/start").asText()).isEqualTo("2026-12-04T08:00:00Z");
    assertThat(body.at("/coverage/end").asText()).isEqualTo("2026-12-04T10:00:00Z");
    assertThat(body.at("/coverage").has("name")).isFalse();
    // biggest spender first: ml 2 h x (1.20 + 0.30), web 2 x 0.50, ops 2 x 0.10
    assertThat(names(body)).containsExactly("ml", "web", "ops");
    JsonNode ml = body.at("/allocations/0");
    assertThat(ml.at("/cost/0/currency").asText()).isEqualTo("USD");
    assertThat(ml.at("/cost/0/amount").asText()).isEqualTo("3.000000");
    assertThat(ml.at("/cost/0/byCapacityType/OnDemand").asText()).isEqualTo("2.400000");
    assertThat(ml.at("/cost/0/byCapacityType/Spot").asText()).isEqualTo("0.600000");
    assertThat(ml.at("/gpuHours").asText()).isEqualTo("2.000000");
    assertThat(ml.at("/energyKWh").asText()).isEqualTo("0.600000"); // 300 W x 2 h
    assertThat(body.at("/allocations/2/cost/0/byCapacityType/NodePool").asText())
        .isEqualTo("0.200000");
    // idle: on-demand node 2.00 - 1.20 - 0.50 = 0.30/h, spot 0.45 - 0.30 = 0.15/h, for 2 h
    assertThat(body.at("/idle/0/capacityType").asText()).isEqualTo("OnDemand");
    assertThat(body.at("/idle/0/amount").asText()).isEqualTo("0.600000");
    assertThat(body.at("/idle/1/capacityType").asText()).isEqualTo("Spot");
    assertThat(body.at("/idle/1/amount").asText()).isEqualTo("0.300000");
    assertThat(body.at("/totals/0/allocated").asText()).isEqualTo("4.200000");
    assertThat(body.at("/totals/0/idle").asText()).isEqualTo("0.900000");
    assertThat(body.at("/totals/0/total").asText()).isEqualTo("5.100000");
    assertThat(body.at("/note").asText()).contains("no Prometheus configured");
  }

  @Test
  void byTeamMoneyWithoutATeamIsUnallocated() throws Exception {
    JsonNode body = get("/api/v1/allocation", "window=1h&aggregate=team", 200);

    assertThat(names(body)).containsExactly("research", "shop", "__unallocated__");
    assertThat(body.at("/allocations/0/cost/0/amount").asText()).isEqualTo("1.500000");
    assertThat(body.at("/coverage/start").asText()).isEqualTo("2026-12-04T09:00:00Z");
  }

  @Test
  void byNamespaceLabelAsTheNamespaceIsLabelledNow() throws Exception {
    JsonNode body = get("/api/v1/allocation", "window=2h&aggregate=label:cost-center", 200);

    assertThat(body.at("/aggregate").asText()).isEqualTo("label:cost-center");
    assertThat(names(body)).containsExactly("research", "retail", "__unallocated__");
    assertThat(body.at("/allocations/1/cost/0/amount").asText()).isEqualTo("1.000000");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          window in weeks is not a unit                 | /api/v1/allocation        | window=2w                        | window    | whole number of minutes, hours or days
          window beyond the maximum                     | /api/v1/allocation        | window=94d                       | window    | longer than the maximum of 93d
          window of zero                                | /api/v1/allocation        | window=0d                        | window    | whole number
          window given twice                            | /api/v1/allocation        | window=1d&window=2d              | window    | given 2 times
          aggregate outside the enum                    | /api/v1/allocation        | aggregate=pod                    | aggregate | namespace, team or label:<namespace label key>
          label key that is not a label key             | /api/v1/allocation        | aggregate=label:bad%20key        | aggregate | does not name a Kubernetes label key
          label key name longer than 63 characters      | /api/v1/allocation        | aggregate=label:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | aggregate | does not name
          unknown parameter                             | /api/v1/allocation        | windw=7d                         | windw     | unknown parameter
          export without a period                       | /api/v1/allocation/export | format=csv                       | period    | period is required
          export period that is not a month             | /api/v1/allocation/export | period=2026-13                   | period    | YYYY-MM
          export period in the future                   | /api/v1/allocation/export | period=2027-01                   | period    | has not started yet
          export period too old                         | /api/v1/allocation/export | period=2020-01                   | period    | older than the API serves
          export format outside the enum                | /api/v1/allocation/export | period=2026-12&format=xlsx       | format    | csv or json
          budgets take no parameters                    | /api/v1/budgets           | name=x                           | name      | takes no parameters
          """)
  void badRequestsGetA400NamingTheParameter(
      String scenario, String path, String query, String parameter, String message)
      throws Exception {
    JsonNode body = get(path, query, 400);

    assertThat(body.at("/error/code").asInt()).isEqualTo(400);
    assertThat(body.at("/error/reason").asText()).isEqualTo("BadRequest");
    assertThat(body.at("/error/parameter").asText()).isEqualTo(parameter);
    assertThat(body.at("/error/message").asText()).contains(message);
  }

  @Test
  void unknownPathsAre404AndWritesAre405() throws Exception {
    assertThat(get("/api/v1/allocations", "", 404).at("/error/message").asText())
        .contains("no such endpoint");
    AllocationApi.Response post = api.handle("POST", "/api/v1/allocation", Map.of());
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.headers()).containsEntry("Allow", "GET, HEAD");
  }

  @Test
  void theCsvExportParsesBackToTheJsonFigures() throws Exception {
    AllocationApi.Response csv =
        api.handle(
            "GET",
            "/api/v1/allocation/export",
            AllocationApi.parameters("period=2026-12&format=csv"));
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    assertThat(csv.headers().get("Content-Disposition"))
        .isEqualTo("attachment; filename=\"costguard-allocation-2026-12.csv\"");
    assertThat(csv.body()).contains("\r\n");

    List<CSVRecord> records =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(csv.body()))
            .getRecords();
    assertThat(records)
        .extracting(r -> r.get("name"))
        .containsExactly("ml", "web", "ops", "__idle__");
    CSVRecord ml = records.get(0);
    assertThat(ml.get("period_start")).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(ml.get("period_end")).isEqualTo("2026-12-04T10:00:00Z");
    assertThat(ml.get("coverage_start")).isEqualTo("2026-12-04T08:00:00Z");
    assertThat(ml.get("source")).isEqualTo("operator");
    assertThat(ml.get("currency")).isEqualTo("USD");
    assertThat(new BigDecimal(ml.get("cost"))).isEqualByComparingTo("3.00");
    assertThat(ml.get("cost_on_demand")).isEqualTo("2.400000");
    assertThat(ml.get("cost_spot")).isEqualTo("0.600000");
    assertThat(ml.get("gpu_hours")).isEqualTo("2.000000");
    CSVRecord idle = records.get(3);
    assertThat(idle.get("cost")).isEqualTo("0.900000");
    assertThat(idle.get("cost_on_demand")).isEqualTo("0.600000");
    BigDecimal sum =
        records.stream().map(r -> new BigDecimal(r.get("cost"))).reduce(BigDecimal::add).get();
    JsonNode json =
        JSON.readTree(
            api.handle(
                    "GET",
                    "/api/v1/allocation/export",
                    AllocationApi.parameters("period=2026-12&format=json"))
                .body());
    assertThat(sum).isEqualByComparingTo(json.at("/totals/0/total").asText());
  }

  @Test
  void csvQuotesValuesWithCommasAndQuotes() throws Exception {
    Map<String, Map<String, String>> labels = Map.of("ml", Map.of("cc", "a"));
    CostAccrual quoted = new CostAccrual();
    quoted.observe(START, Rollups.ml("1.00"));
    quoted.observe(START.plus(Duration.ofHours(1)), Rollups.ml("1.00"));
    AllocationApi odd =
        new AllocationApi(
            clock,
            (s, e) -> {
              AllocationLines lines = quoted.between(s, e);
              return new AllocationLines(
                  lines.source(),
                  lines.start(),
                  lines.end(),
                  List.of(
                      new AllocationLines.Cost(
                          "ml", "R&D, \"core\"", "OnDemand", "USD", new BigDecimal("1.000000"))),
                  List.of(),
                  List.of());
            },
            Optional.empty(),
            "",
            ns -> labels.getOrDefault(ns, Map.of()),
            List::of);

    String body =
        odd.handle(
                "GET",
                "/api/v1/allocation/export",
                AllocationApi.parameters("period=2026-12&format=csv&aggregate=team"))
            .body();
    assertThat(body).contains("\"R&D, \"\"core\"\"\"");
    CSVRecord row =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .get()
            .parse(new StringReader(body))
            .getRecords()
            .get(0);
    assertThat(row.get("name")).isEqualTo("R&D, \"core\"");
  }

  @Test
  void budgetsShowTheirCurrentAndClosedPeriodsFromStatus() throws Exception {
    JsonNode body = get("/api/v1/budgets", "", 200);

    assertThat(body.at("/kind").asText()).isEqualTo("BudgetList");
    JsonNode budget = body.at("/budgets/0");
    assertThat(budget.at("/name").asText()).isEqualTo("ml-monthly");
    assertThat(budget.at("/limit").asText()).isEqualTo("1000");
    assertThat(budget.at("/current/start").asText()).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(budget.at("/current/spent").asText()).isEqualTo("120.50");
    assertThat(budget.at("/closedPeriods/0/start").asText()).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(budget.at("/closedPeriods/0/spent").asText()).isEqualTo("987.654321");
  }

  private static WorkloadBudget budget() {
    WorkloadBudget budget = new WorkloadBudget();
    budget.setMetadata(new ObjectMetaBuilder().withName("ml-monthly").build());
    budget.setSpec(new WorkloadBudgetSpec());
    budget.getSpec().limit = new BudgetLimit();
    budget.getSpec().limit.amount = new BigDecimal("1000");
    budget.getSpec().limit.currency = "USD";
    WorkloadBudgetStatus status = new WorkloadBudgetStatus();
    status.currency = "USD";
    status.periodStart = "2026-12-01T00:00:00Z";
    status.periodEnd = "2027-01-01T00:00:00Z";
    status.spent = new BigDecimal("120.50");
    WorkloadBudgetStatus.PeriodTotal november = new WorkloadBudgetStatus.PeriodTotal();
    november.start = "2026-11-01T00:00:00Z";
    november.end = "2026-12-01T00:00:00Z";
    november.spent = new BigDecimal("987.654321");
    status.previousPeriod = november;
    status.history = List.of(november);
    budget.setStatus(status);
    return budget;
  }

  private JsonNode get(String path, String query, int status) throws Exception {
    AllocationApi.Response response = api.handle("GET", path, AllocationApi.parameters(query));
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/json; charset=utf-8");
    return JSON.readTree(response.body());
  }

  private static List<String> names(JsonNode body) {
    return body.at("/allocations").findValuesAsText("name");
  }
}
