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
  private static final String WEB_HPA = "/apis/autoscaling/v2/namespaces/ml/horizontalpodautoscalers/web";
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
    WorkloadBudgetStatus notified = fleet.awaitStatus("ml-daily", s -> s.activeThresholds.equals(List.of(50)));
    assertThat(notified.spent).isEqualByComparingTo("50");
    assertThat(notified.actions).isEmpty();
    assertThat(notified.forecast).isEqualByComparingTo("140");

    at("2026-06-10T16:00:00Z");
    WorkloadBudgetStatus blocked = fleet.awaitStatus("ml-daily", s -> s.activeThresholds.equals(List.of(50, 60)));
    assertThat(actions(blocked)).containsExactlyInAnyOrder(
        "BlockScaleUp Deployment ml/api", "BlockScaleUp Deployment ml/web",
        "BlockScaleUp HorizontalPodAutoscaler ml/web");
    assertThat(fleet.hpa("web").getSpec().getMaxReplicas()).isEqualTo(6);

    at("2026-06-10T17:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(70));
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(1);
    assertThat(fleet.hpa("web").getSpec().getMaxReplicas()).isEqualTo(2);

    at("2026-06-10T18:00:00Z");
    WorkloadBudgetStatus suspended = fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(80));
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isZero();
    assertThat(fleet.deployment("web").getSpec().getReplicas()).isZero();
    assertThat(fleet.cronJob("nightly").getSpec().getSuspend()).isTrue();
    assertThat(fleet.deployment("db").getSpec().getReplicas()).as("critical workloads are exempt").isEqualTo(2);
    assertThat(actions(suspended)).contains(
        "Suspend Deployment ml/api", "Suspend Deployment ml/web", "Suspend CronJob ml/nightly",
        "ScaleToMinimum Deployment ml/api", "ScaleToMinimum HorizontalPodAutoscaler ml/web");
    assertThat(suspended.actions).allSatisfy(a -> assertThat(a.state).isEqualTo("Applied"));

    settle();
    assertThat(fleet.writesTo(API)).as("api: ScaleToMinimum and Suspend, once each").isEqualTo(2);
    assertThat(fleet.writesTo(WEB_HPA)).as("web HPA: BlockScaleUp and ScaleToMinimum").isEqualTo(2);
    assertThat(fleet.writesTo(WEB)).as("web: Suspend").isEqualTo(1);
    assertThat(fleet.writesTo(NIGHTLY)).isEqualTo(1);

    at("2026-06-11T00:00:30Z");
    WorkloadBudgetStatus rolledOver = fleet.awaitStatus("ml-daily", s -> s.periodStart.equals("2026-06-11T00:00:00Z"));
    assertThat(rolledOver.previousPeriod.spent).isEqualByComparingTo("140");
    assertThat(rolledOver.spent).isEqualByComparingTo("0.083333");
    assertThat(rolledOver.activeThresholds).isEmpty();
    assertThat(rolledOver.actions).isEmpty();
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(4);
    assertThat(fleet.deployment("web").getSpec().getReplicas()).isEqualTo(6);
    assertThat(fleet.hpa("web").getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(fleet.cronJob("nightly").getSpec().getSuspend()).isFalse();
    for (var workload : List.of(fleet.deployment("api"), fleet.deployment("web"), fleet.hpa("web"), fleet.cronJob("nightly"))) {
      assertThat(originalOf(workload)).as("annotation of %s", workload.getMetadata().getName()).isNull();
    }
    settle();
    assertThat(fleet.writesTo(API)).as("api: two holds, two releases").isEqualTo(4);
    assertThat(fleet.writesTo(WEB_HPA)).isEqualTo(4);
    assertThat(fleet.writesTo(DB)).isZero();
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
