package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.BudgetLimit;
import dev.costguard.api.v1alpha1.BudgetPeriod;
import dev.costguard.api.v1alpha1.BudgetThreshold;
import dev.costguard.api.v1alpha1.NotificationEvent;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.notify.Notice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetNoticesTest {
  private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");
  private static final WorkloadRef API = new WorkloadRef("Deployment", "ml", "api");
  private static final WorkloadRef TRAIN = new WorkloadRef("Job", "ml", "train");

  @Test
  void aNewlyCrossedNotifyThresholdIsToldWithExactMoney() {
    List<Notice> notices =
        BudgetNotices.of("inference-daily", 3L, crossing50(), "USD", List.of(), List.of(), NOW);

    assertThat(notices).hasSize(1);
    Notice notice = notices.get(0);
    assertThat(notice.kind()).isEqualTo(NotificationEvent.ThresholdCrossed);
    assertThat(notice.key()).isEqualTo("ThresholdCrossed/2026-06-10T00:00:00Z/50%@3");
    assertThat(notice.periodEnd()).isEqualTo(Instant.parse("2026-06-11T00:00:00Z"));
    assertThat(notice.amounts().get("spent")).isEqualByComparingTo("50");
    assertThat(notice.amounts().get("limit")).isEqualByComparingTo("100");
    assertThat(notice.message())
        .isEqualTo(
            "WorkloadBudget inference-daily crossed 50% (spent 50.000000 of 100 USD); actions:"
                + " Notify");
  }

  @Test
  void actionsAppliedAndUndoneAreToldOncePerActionWithTheirWorkloads() {
    var hold =
        List.of(
            new BudgetActionPlan.Hold(
                BudgetAction.Suspend,
                TRAIN,
                Map.of("/spec/suspend", com.fasterxml.jackson.databind.node.BooleanNode.TRUE)),
            new BudgetActionPlan.Hold(
                BudgetAction.Suspend, API, Map.of("/spec/replicas", IntNode.valueOf(0))));
    var release = List.of(new BudgetActionPlan.Release(BudgetAction.ScaleToMinimum, API));

    List<Notice> notices =
        BudgetNotices.of("inference-daily", 3L, crossing50(), "USD", hold, release, NOW);

    assertThat(notices)
        .extracting(Notice::kind, Notice::workloads)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(NotificationEvent.ThresholdCrossed, List.of()),
            org.assertj.core.groups.Tuple.tuple(
                NotificationEvent.ActionTaken, List.of("Deployment ml/api", "Job ml/train")),
            org.assertj.core.groups.Tuple.tuple(
                NotificationEvent.ActionUndone, List.of("Deployment ml/api")));
    assertThat(notices.get(1).subject()).startsWith("Suspend@3#");
    assertThat(notices.get(1).message())
        .startsWith("WorkloadBudget inference-daily applied Suspend on 2 workload(s):");
    assertThat(notices.get(2).message())
        .startsWith("WorkloadBudget inference-daily undid ScaleToMinimum on 1 workload(s)");
  }

  @Test
  void theSameActionOnOtherWorkloadsHasAnotherKey() {
    var onApi = List.of(new BudgetActionPlan.Hold(BudgetAction.Suspend, API, Map.of()));
    var onTrain = List.of(new BudgetActionPlan.Hold(BudgetAction.Suspend, TRAIN, Map.of()));

    String first =
        BudgetNotices.of("b", 1L, crossing50(), "USD", onApi, List.of(), NOW).get(1).key();
    String second =
        BudgetNotices.of("b", 1L, crossing50(), "USD", onTrain, List.of(), NOW).get(1).key();
    String again =
        BudgetNotices.of("b", 1L, crossing50(), "USD", onApi, List.of(), NOW).get(1).key();

    assertThat(first).isNotEqualTo(second).isEqualTo(again);
  }

  @Test
  void aThresholdWithoutNotifyIsNotToldItsActionsAre() {
    WorkloadBudgetSpec spec = spec(List.of(threshold(50, BudgetAction.ScaleToMinimum)));
    BudgetEvaluation evaluation = evaluate(spec);

    assertThat(evaluation.newlyCrossed()).hasSize(1);
    assertThat(BudgetNotices.of("b", 1L, evaluation, "USD", List.of(), List.of(), NOW)).isEmpty();
  }

  /** A daily UTC budget of 100 whose spend reaches 50 (Notify) at noon. */
  private static BudgetEvaluation crossing50() {
    return evaluate(spec(List.of(threshold(50, BudgetAction.Notify))));
  }

  private static BudgetEvaluation evaluate(WorkloadBudgetSpec spec) {
    WorkloadBudgetStatus previous = new WorkloadBudgetStatus();
    previous.periodStart = "2026-06-10T00:00:00Z";
    previous.spent = new BigDecimal("40");
    previous.accruedUntil = "2026-06-10T10:00:00Z";
    previous.costPerHour = new BigDecimal("5");
    previous.observedGeneration = 3L;
    return BudgetEvaluation.evaluate(
        spec, 3L, previous, BigDecimal.ONE, NOW, BudgetCalendar.of(spec));
  }

  private static WorkloadBudgetSpec spec(List<BudgetThreshold> thresholds) {
    WorkloadBudgetSpec spec = new WorkloadBudgetSpec();
    spec.limit = new BudgetLimit();
    spec.limit.amount = new BigDecimal("100");
    spec.limit.currency = "USD";
    spec.period = BudgetPeriod.Daily;
    spec.timeZone = "UTC";
    spec.thresholds = thresholds;
    return spec;
  }

  private static BudgetThreshold threshold(int percent, BudgetAction action) {
    BudgetThreshold threshold = new BudgetThreshold();
    threshold.percent = percent;
    threshold.actions = List.of(action);
    return threshold;
  }
}
