package dev.costguard.budget;

import static dev.costguard.budget.BudgetFleet.originalOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.WorkloadAction;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.testing.OperatorHarness;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A budget against the mock API server: accrual, every threshold, each action once, undo. */
class WorkloadBudgetEnforcementTest {
  private static final String API = "/apis/apps/v1/namespaces/ml/deployments/api";
  private static final String WEB = "/apis/apps/v1/namespaces/ml/deployments/web";
  private static final String DB = "/apis/apps/v1/namespaces/ml/deployments/db";
  private static final String WEB_HPA =
      "/apis/autoscaling/v2/namespaces/ml/horizontalpodautoscalers/web";
  private static final String NIGHTLY = "/apis/batch/v1/namespaces/ml/cronjobs/nightly";

  private OperatorHarness harness;
  private BudgetFleet fleet;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
    fleet = BudgetFleet.seeded(harness);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aBudgetAccruesCrossesEachThresholdActsOnceAndUndoesEverythingAtRollover() {
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> new BigDecimal("10").compareTo(s.costPerHour) == 0);

    at("2026-06-10T15:00:00Z");
    WorkloadBudgetStatus notified =
        fleet.awaitStatus("ml-daily", s -> s.activeThresholds.equals(List.of(50)));
    assertThat(notified.spent).isEqualByComparingTo("50");
    assertThat(notified.actions).isEmpty();
    assertThat(notified.forecast).isEqualByComparingTo("140");

    at("2026-06-10T16:00:00Z");
    WorkloadBudgetStatus blocked =
        fleet.awaitStatus("ml-daily", s -> s.activeThresholds.equals(List.of(50, 60)));
    assertThat(actions(blocked))
        .containsExactlyInAnyOrder(
            "BlockScaleUp Deployment ml/api",
            "BlockScaleUp Deployment ml/web",
            "BlockScaleUp HorizontalPodAutoscaler ml/web");
    assertThat(fleet.hpa("web").getSpec().getMaxReplicas()).isEqualTo(6);

    at("2026-06-10T17:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(70));
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(1);
    assertThat(fleet.hpa("web").getSpec().getMaxReplicas()).isEqualTo(2);

    at("2026-06-10T18:00:00Z");
    WorkloadBudgetStatus suspended =
        fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(80));
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isZero();
    assertThat(fleet.deployment("web").getSpec().getReplicas()).isZero();
    assertThat(fleet.cronJob("nightly").getSpec().getSuspend()).isTrue();
    assertThat(fleet.job("backfill").getSpec().getSuspend()).isTrue();
    assertThat(fleet.deployment("db").getSpec().getReplicas())
        .as("critical workloads are exempt")
        .isEqualTo(2);
    assertThat(actions(suspended))
        .contains(
            "Suspend Deployment ml/api",
            "Suspend Deployment ml/web",
            "Suspend CronJob ml/nightly",
            "Suspend Job ml/backfill",
            "ScaleToMinimum Deployment ml/api",
            "ScaleToMinimum HorizontalPodAutoscaler ml/web");
    assertThat(suspended.actions).allSatisfy(a -> assertThat(a.state).isEqualTo("Applied"));

    settle();
    assertThat(fleet.writesTo(API)).as("api: ScaleToMinimum and Suspend, once each").isEqualTo(2);
    assertThat(fleet.writesTo(WEB_HPA)).as("web HPA: BlockScaleUp and ScaleToMinimum").isEqualTo(2);
    assertThat(fleet.writesTo(WEB)).as("web: Suspend").isEqualTo(1);
    assertThat(fleet.writesTo(NIGHTLY)).isEqualTo(1);

    at("2026-06-11T00:00:30Z");
    WorkloadBudgetStatus rolledOver =
        fleet.awaitStatus("ml-daily", s -> s.periodStart.equals("2026-06-11T00:00:00Z"));
    assertThat(rolledOver.previousPeriod.spent).isEqualByComparingTo("140");
    assertThat(rolledOver.spent).isEqualByComparingTo("0.083333");
    assertThat(rolledOver.activeThresholds).isEmpty();
    assertThat(rolledOver.actions).isEmpty();
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(4);
    assertThat(fleet.deployment("web").getSpec().getReplicas()).isEqualTo(6);
    assertThat(fleet.hpa("web").getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(fleet.cronJob("nightly").getSpec().getSuspend()).isFalse();
    assertThat(fleet.job("backfill").getSpec().getSuspend()).as("absent again, as it was").isNull();
    for (var workload :
        List.of(
            fleet.deployment("api"),
            fleet.deployment("web"),
            fleet.hpa("web"),
            fleet.cronJob("nightly"),
            fleet.job("backfill"))) {
      assertThat(originalOf(workload))
          .as("annotation of %s", workload.getMetadata().getName())
          .isNull();
    }
    settle();
    assertThat(fleet.writesTo(API)).as("api: two holds, two releases").isEqualTo(4);
    assertThat(fleet.writesTo(WEB_HPA)).isEqualTo(4);
    assertThat(fleet.writesTo(DB)).isZero();
  }

  @Test
  void raisingTheLimitUndoesExactlyTheActionsItNoLongerJustifies() {
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null);
    at("2026-06-10T18:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(80));
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isZero();

    setLimit("110"); // 80 of 110 is 72.7%: ScaleToMinimum stays, Suspend goes
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.equals(List.of(50, 60, 70)));
    assertThat(fleet.deployment("api").getSpec().getReplicas())
        .as("back to ScaleToMinimum's 1")
        .isEqualTo(1);
    assertThat(fleet.deployment("web").getSpec().getReplicas())
        .as("back to what Suspend found")
        .isEqualTo(6);
    assertThat(fleet.cronJob("nightly").getSpec().getSuspend()).isFalse();
    assertThat(fleet.hpa("web").getSpec().getMaxReplicas())
        .as("ScaleToMinimum still caps the HPA")
        .isEqualTo(2);

    setLimit("1000");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.isEmpty() && s.actions.isEmpty());
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(4);
    assertThat(fleet.hpa("web").getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(originalOf(fleet.deployment("api"))).isNull();
    assertThat(originalOf(fleet.hpa("web"))).isNull();
  }

  @Test
  void aPersonsChangeWhileHeldIsKeptAndStatusSaysSo() {
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null);
    at("2026-06-10T17:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(70));
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(1);

    harness
        .client()
        .apps()
        .deployments()
        .inNamespace("ml")
        .withName("api")
        .edit(
            d -> {
              d.getSpec().setReplicas(3);
              return d;
            });
    WorkloadBudgetStatus kept =
        fleet.awaitStatus(
            "ml-daily",
            s ->
                s.actions.stream()
                    .anyMatch(a -> a.name.equals("api") && "KeptUserChange".equals(a.state)));
    assertThat(kept.actions)
        .filteredOn(
            a ->
                a.name.equals("api")
                    && a.action == dev.costguard.api.v1alpha1.BudgetAction.ScaleToMinimum)
        .singleElement()
        .satisfies(a -> assertThat(a.state).isEqualTo("KeptUserChange"));
    settle();
    assertThat(fleet.deployment("api").getSpec().getReplicas())
        .as("never scaled down again")
        .isEqualTo(3);

    at("2026-06-11T00:00:10Z");
    fleet.awaitStatus(
        "ml-daily", s -> s.actions.isEmpty() && s.periodStart.equals("2026-06-11T00:00:00Z"));
    assertThat(fleet.deployment("api").getSpec().getReplicas())
        .as("the person's value stays")
        .isEqualTo(3);
    assertThat(originalOf(fleet.deployment("api"))).isNull();
  }

  @Test
  void anOperatorRestartMidPeriodContinuesFromStatusWithoutCountingTwice() {
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null);
    at("2026-06-10T12:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.accruedUntil.equals("2026-06-10T12:00:00Z"));

    harness.stopOperator();
    at("2026-06-10T14:00:00Z");
    harness.startOperator();
    WorkloadBudgetStatus resumed =
        fleet.awaitStatus("ml-daily", s -> s.accruedUntil.equals("2026-06-10T14:00:00Z"));
    assertThat(resumed.spent)
        .as("10 per hour from 10:00 to 14:00, each hour once")
        .isEqualByComparingTo("40");

    harness.restartOperator();
    settle();
    assertThat(fleet.budget("ml-daily").getStatus().spent)
        .as("a restart at the same instant adds nothing")
        .isEqualByComparingTo("40");
  }

  @Test
  void editingTheTimeZoneAndBackKeepsTheMoneyAndTheThresholds() {
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> new BigDecimal("10").compareTo(s.costPerHour) == 0);
    at("2026-06-10T15:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.equals(List.of(50)));

    harness.apply(BudgetFleet.LADDER_BUDGET.replace("timeZone: UTC", "timeZone: Asia/Tokyo"));
    WorkloadBudgetStatus tokyo =
        fleet.awaitStatus("ml-daily", s -> s.periodStart.equals("2026-06-10T15:00:00Z"));
    assertThat(tokyo.spent).as("carried into the Tokyo day").isEqualByComparingTo("50");
    assertThat(tokyo.activeThresholds).isEqualTo(List.of(50));

    at("2026-06-10T15:30:00Z");
    fleet.awaitStatus("ml-daily", s -> s.accruedUntil.equals("2026-06-10T15:30:00Z"));
    harness.apply(BudgetFleet.LADDER_BUDGET);
    WorkloadBudgetStatus back =
        fleet.awaitStatus("ml-daily", s -> s.periodStart.equals("2026-06-10T00:00:00Z"));
    assertThat(back.spent).as("50 plus half an hour at 10").isEqualByComparingTo("55");
    assertThat(back.activeThresholds).isEqualTo(List.of(50));
    assertThat(back.history)
        .extracting(
            h ->
                h.start
                    + ".."
                    + h.end
                    + "="
                    + h.spent.stripTrailingZeros().toPlainString()
                    + "->"
                    + h.carriedInto)
        .containsExactly(
            "2026-06-10T15:00:00Z..2026-06-10T15:30:00Z=55->2026-06-10T00:00:00Z",
            "2026-06-10T00:00:00Z..2026-06-10T15:00:00Z=50->2026-06-10T15:00:00Z");
    // Events are recorded after the status that they announce is written: wait for them.
    var events =
        harness.awaitValue(
            () -> harness.client().v1().events().inNamespace("default").list().getItems(),
            list ->
                list.stream().filter(e -> "CalendarChanged".equals(e.getReason())).count() >= 2);
    assertThat(events).filteredOn(e -> "CalendarChanged".equals(e.getReason())).hasSize(2);
    assertThat(events)
        .filteredOn(e -> "BudgetThresholdCrossed".equals(e.getReason()))
        .as("Notify once")
        .hasSize(1);
  }

  @Test
  void aConflictOnTheStatusWriteIsRetriedFromFreshStatusWithoutCountingTwice() {
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null);
    harness
        .cluster()
        .server()
        .expect()
        .put()
        .withPath("/apis/costguard.dev/v1alpha1/workloadbudgets/ml-daily/status")
        .andReturn(
            409,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(409)
                .withReason("Conflict")
                .withMessage("the object has been modified")
                .build())
        .once();
    harness.requests();
    at("2026-06-10T12:00:00Z");
    WorkloadBudgetStatus accrued =
        fleet.awaitStatus("ml-daily", s -> s.accruedUntil.equals("2026-06-10T12:00:00Z"));
    assertThat(accrued.spent).isEqualByComparingTo("20");
    assertThat(
            harness.requests().stream()
                .filter(
                    r ->
                        r.method().equals("PUT")
                            && r.path().endsWith("/workloadbudgets/ml-daily/status")))
        .as("the rejected write and its retry")
        .hasSizeGreaterThanOrEqualTo(2);
    settle();
    assertThat(fleet.budget("ml-daily").getStatus().spent).isEqualByComparingTo("20");
  }

  @Test
  void dryRunPlansTheActionsAndWritesNoWorkload() {
    harness.apply(
        BudgetFleet.LADDER_BUDGET.replace("period: Daily", "period: Daily\n  mode: DryRun"));
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null);
    at("2026-06-10T18:00:00Z");
    WorkloadBudgetStatus planned =
        fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(80));
    assertThat(planned.actions).isEmpty();
    assertThat(planned.plannedActions)
        .extracting(WorkloadBudgetEnforcementTest::describe)
        .contains(
            "Suspend Deployment ml/api",
            "ScaleToMinimum HorizontalPodAutoscaler ml/web",
            "Suspend CronJob ml/nightly");
    assertThat(planned.plannedActions).allSatisfy(a -> assertThat(a.state).isEqualTo("Planned"));
    settle();
    assertThat(
            fleet.writesTo(API)
                + fleet.writesTo(WEB)
                + fleet.writesTo(WEB_HPA)
                + fleet.writesTo(NIGHTLY))
        .isZero();
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(4);
    assertThat(harness.client().v1().events().inNamespace("default").list().getItems())
        .anyMatch(e -> "BudgetActionsPlanned".equals(e.getReason()));
  }

  @Test
  void deletingTheBudgetRestoresEveryWorkloadBeforeItGoes() {
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null);
    at("2026-06-10T18:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(80));
    harness.requests();

    harness
        .client()
        .resources(dev.costguard.api.v1alpha1.WorkloadBudget.class)
        .withName("ml-daily")
        .delete();
    harness.awaitValue(() -> fleet.budget("ml-daily") == null, gone -> gone);
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(4);
    assertThat(fleet.deployment("web").getSpec().getReplicas()).isEqualTo(6);
    assertThat(fleet.hpa("web").getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(fleet.cronJob("nightly").getSpec().getSuspend()).isFalse();
    assertThat(originalOf(fleet.deployment("api"))).isNull();
    List<String> writes =
        harness.requests().stream()
            .filter(dev.costguard.sandbox.ApiRequest::isWrite)
            .map(Object::toString)
            .toList();
    int lastRestore = -1;
    int finalizerRemoved = -1;
    for (int i = 0; i < writes.size(); i++) {
      if (writes.get(i).contains("/namespaces/ml/")) {
        lastRestore = i;
      }
      if (writes.get(i).contains("/workloadbudgets/ml-daily")
          && !writes.get(i).startsWith("DELETE")) {
        finalizerRemoved = i;
      }
    }
    assertThat(lastRestore)
        .as("workloads restored before the finalizer goes: %s", writes)
        .isLessThan(finalizerRemoved);
  }

  @Test
  void preferSpotMovesSpotEligibleWorkloadsAndRolloverRestoresTheTemplateExactly() {
    harness.apply(
        """
        apiVersion: v1
        kind: Node
        metadata: {name: spot-1, labels: {karpenter.sh/capacity-type: spot}}
        status: {allocatable: {cpu: "64", memory: 256Gi}}
        """);
    harness
        .client()
        .apps()
        .deployments()
        .inNamespace("ml")
        .withName("api")
        .edit(
            d -> {
              d.getMetadata().setLabels(java.util.Map.of("costguard.dev/spot-eligible", "true"));
              return d;
            });
    var templateBefore = fleet.deployment("api").getSpec().getTemplate();
    harness.apply(BudgetFleet.LADDER_BUDGET.replace("actions: [Notify]", "actions: [PreferSpot]"));
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null);

    at("2026-06-10T15:00:00Z");
    WorkloadBudgetStatus spot =
        fleet.awaitStatus("ml-daily", s -> s.activeThresholds.equals(List.of(50)));
    assertThat(actions(spot)).containsExactly("PreferSpot Deployment ml/api");
    var preferred =
        fleet
            .deployment("api")
            .getSpec()
            .getTemplate()
            .getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getPreferredDuringSchedulingIgnoredDuringExecution();
    assertThat(preferred)
        .singleElement()
        .satisfies(
            term ->
                assertThat(term.getPreference().getMatchExpressions().get(0).getKey())
                    .isEqualTo("karpenter.sh/capacity-type"));

    at("2026-06-11T00:00:10Z");
    fleet.awaitStatus(
        "ml-daily", s -> s.actions.isEmpty() && s.periodStart.equals("2026-06-11T00:00:00Z"));
    assertThat(fleet.deployment("api").getSpec().getTemplate()).isEqualTo(templateBefore);
  }

  @Test
  void metricsShowTheBudgetAndWhatEachNamespaceCosts() throws Exception {
    harness.apply(
        """
        apiVersion: v1
        kind: Node
        metadata: {name: gpu-1, labels: {nvidia.com/gpu.product: NVIDIA-L4}}
        status: {allocatable: {cpu: "32", memory: 128Gi, nvidia.com/gpu: "4"}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: infer-0, namespace: ml, labels: {app: infer}}
        spec:
          nodeName: gpu-1
          containers: [{name: main, image: infer, resources: {requests: {cpu: "1", nvidia.com/gpu: "2"}}}]
        status: {phase: Running}
        """);
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> new BigDecimal("11").compareTo(s.costPerHour) == 0);
    at("2026-06-10T15:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.equals(List.of(50)));

    // The gauges follow the status: wait for the values, not just for the series to exist. A
    // scrape during a republish (MultiGauge re-registers its rows) can miss a series: scrape again.
    List<String> expected =
        List.of(
            "costguard_budget_limit{budget=\"ml-daily\",currency=\"USD\"} 100.0",
            "costguard_budget_spent{budget=\"ml-daily\",currency=\"USD\"} 55.0",
            "costguard_budget_utilization_ratio{budget=\"ml-daily\",currency=\"USD\"} 0.55",
            "costguard_budget_forecast{budget=\"ml-daily\",currency=\"USD\"}",
            "costguard_budget_actions_total{action=\"Notify\",budget=\"ml-daily\"} 1.0",
            "costguard_namespace_cost_per_hour{capacity_type=\"OnDemand\",currency=\"USD\",namespace=\"ml\",team=\"ml\"} 11.0",
            "costguard_gpu_allocated{gpu_model=\"NVIDIA-L4\",namespace=\"ml\"} 2.0",
            "costguard_energy_watts{namespace=\"ml\"} 0.0",
            "costguard_carbon_grams_per_hour{namespace=\"ml\"} 0.0");
    String scrape =
        harness.awaitValue(harness::metrics, text -> expected.stream().allMatch(text::contains));
    assertThat(expected).allMatch(scrape::contains);
    assertThat(scrape).doesNotContain("pod=\"");
  }

  private void setLimit(String amount) {
    harness
        .client()
        .resources(dev.costguard.api.v1alpha1.WorkloadBudget.class)
        .withName("ml-daily")
        .edit(
            b -> {
              b.getSpec().limit.amount = new BigDecimal(amount);
              return b;
            });
  }

  private void at(String instant) {
    harness.clock().set(Instant.parse(instant));
  }

  /** Two resync periods: every resource is reconciled again, so a repeated write would show. */
  private static void settle() {
    try {
      Thread.sleep(Duration.ofMillis(2200).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> actions(WorkloadBudgetStatus status) {
    return status.actions.stream().map(WorkloadBudgetEnforcementTest::describe).toList();
  }

  static String describe(WorkloadAction action) {
    return action.action + " " + action.kind + " " + action.namespace + "/" + action.name;
  }
}
