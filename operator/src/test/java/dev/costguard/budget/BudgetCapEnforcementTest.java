package dev.costguard.budget;

import static dev.costguard.budget.BudgetFleet.originalOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.CapStatus;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A budget with {@code enforcement: Cap} against the mock API server. Namespace {@code ml}, priced
 * at 1 USD per core-hour: a 2-core trainer pod nobody caps (2 USD/h), Deployment {@code chat}
 * (priority 10, 2 replicas of 1 core), Deployment {@code web} (priority 5, 4 replicas of half a
 * core, driven by an HPA 1..4), Deployment {@code batch} (no priority, 4 replicas of half a core)
 * and a critical Deployment {@code db}. Their pods run as listed (the mock has no controllers, so
 * they keep running and spending whatever the cap decides: 8 USD/h in all). The budget: 150 USD a
 * day from midnight.
 */
class BudgetCapEnforcementTest {
  private static final String CLUSTER =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: ml}
      ---
      apiVersion: v1
      kind: Node
      metadata: {name: od-1, labels: {karpenter.sh/capacity-type: on-demand}}
      status: {allocatable: {cpu: "64", memory: 256Gi}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: trainer-0, namespace: ml, labels: {app: trainer}}
      spec:
        nodeName: od-1
        containers: [{name: main, image: trainer, resources: {requests: {cpu: "2"}}}]
      status: {phase: Running}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: chat, namespace: ml, labels: {costguard.dev/priority: "10"}}
      spec:
        replicas: 2
        selector: {matchLabels: {app: chat}}
        template:
          metadata: {labels: {app: chat}}
          spec: {containers: [{name: chat, image: chat, resources: {requests: {cpu: "1"}}}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: ml, labels: {costguard.dev/priority: "5"}}
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: web, resources: {requests: {cpu: 500m}}}]}
      ---
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web, namespace: ml}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 1
        maxReplicas: 4
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: batch, namespace: ml}
      spec:
        replicas: 4
        selector: {matchLabels: {app: batch}}
        template:
          metadata: {labels: {app: batch}}
          spec: {containers: [{name: batch, image: batch, resources: {requests: {cpu: 500m}}}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: db, namespace: ml, labels: {costguard.dev/critical: "true"}}
      spec:
        replicas: 2
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec: {containers: [{name: db, image: db, resources: {requests: {cpu: "1"}}}]}
      """;

  private static final String CAPPED_BUDGET =
      """
      apiVersion: costguard.dev/v1alpha1
      kind: WorkloadBudget
      metadata: {name: ml-cap}
      spec:
        selector: {namespaces: [ml]}
        limit: {amount: 150, currency: USD}
        period: Daily
        timeZone: UTC
        enforcement: Cap
        capIntervalSeconds: 60
        thresholds:
          - {percent: 50, actions: [Notify]}
      """;

  private OperatorHarness harness;
  private BudgetFleet fleet;

  @BeforeEach
  void start() {
    harness =
        OperatorHarness.start(OperatorHarness.testConfig(), Instant.parse("2026-06-10T00:00:00Z"));
    harness.apply(BudgetFleet.CATALOG);
    harness.apply(CLUSTER);
    for (String pod :
        new String[] {
          "chat-0 chat 1",
          "chat-1 chat 1",
          "web-0 web 500m",
          "web-1 web 500m",
          "web-2 web 500m",
          "web-3 web 500m",
          "batch-0 batch 500m",
          "batch-1 batch 500m",
          "batch-2 batch 500m",
          "batch-3 batch 500m"
        }) {
      String[] p = pod.split(" ");
      harness.apply(
          """
          apiVersion: v1
          kind: Pod
          metadata: {name: %s, namespace: ml, labels: {app: %s}}
          spec:
            nodeName: od-1
            containers: [{name: main, image: x, resources: {requests: {cpu: "%s"}}}]
          status: {phase: Running}
          """
              .formatted(p[0], p[1], p[2]));
    }
    fleet = new BudgetFleet(harness);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void theCapScalesTheLowestPriorityFirstDownToZeroAndRestoresAsMoneyReturns() {
    harness.apply(CAPPED_BUDGET);
    // 150 over 24 h affords 6.25/h: the trainer takes 2, chat 2, web 2; batch gets nothing.
    WorkloadBudgetStatus start = awaitCap(c -> "batch=0".equals(capped(c)));
    assertThat(start.cap.affordableCostPerHour).isEqualByComparingTo("6.25");
    assertThat(start.cap.uncappedCostPerHour).isEqualByComparingTo("2");
    assertThat(start.cap.overshootBound)
        .as("one minute at 8 USD/h")
        .isEqualByComparingTo("0.133334");
    assertThat(condition(start)).isEqualTo("True Capped");
    assertThat(replicas("batch")).isZero();
    assertThat(replicas("chat")).isEqualTo(2);
    assertThat(hpa().getSpec().getMaxReplicas()).isEqualTo(4);
    assertThat(originalOf(fleet.deployment("batch"))).contains("WorkloadBudget/ml-cap/Cap");

    // The pods kept spending 8/h: at 12:00, 54 left for 12 h is 4.5/h. The web (priority 5) is
    // capped through its HPA; chat (10) keeps both replicas.
    at("2026-06-10T12:00:00Z");
    awaitCap(c -> "web=1 batch=0".equals(capped(c)));
    assertThat(hpa().getSpec().getMaxReplicas()).isEqualTo(1);
    assertThat(replicas("web")).as("the HPA scales it, not Costguard").isEqualTo(4);
    assertThat(replicas("chat")).isEqualTo(2);

    // At 20:00 the money is gone: everything capped goes to zero, an HPA's workload included.
    at("2026-06-10T20:00:00Z");
    awaitCap(c -> "chat=0 web=0 batch=0".equals(capped(c)));
    assertThat(replicas("chat")).isZero();
    assertThat(replicas("web")).isZero();
    assertThat(replicas("db")).as("critical: never capped").isEqualTo(2);

    // A raised limit gives everything back, exactly.
    setLimit("400");
    WorkloadBudgetStatus raised = awaitCap(c -> capped(c).isEmpty());
    assertThat(condition(raised)).isEqualTo("False WithinMoney");
    assertThat(replicas("chat")).isEqualTo(2);
    assertThat(replicas("web")).isEqualTo(4);
    assertThat(replicas("batch")).isEqualTo(4);
    assertThat(hpa().getSpec().getMaxReplicas()).isEqualTo(4);
    assertThat(hpa().getSpec().getMinReplicas()).isEqualTo(1);
    for (String name : new String[] {"chat", "web", "batch"}) {
      assertThat(originalOf(fleet.deployment(name))).as(name).isNull();
    }
    assertThat(originalOf(hpa())).isNull();

    // Back to 150, spent 160: all to zero again; the new period brings the money back: 6.25/h
    // pays chat and web in full, but a capped workload rises only with 5% to spare, so web gets 3.
    setLimit("150");
    awaitCap(c -> "chat=0 web=0 batch=0".equals(capped(c)));
    at("2026-06-11T00:00:30Z");
    WorkloadBudgetStatus renewed =
        fleet.awaitStatus(
            "ml-cap",
            s ->
                "2026-06-11T00:00:00Z".equals(s.periodStart)
                    && s.cap != null
                    && "web=3 batch=0".equals(capped(s.cap)));
    assertThat(renewed.spent).isLessThan(new BigDecimal("1"));
    assertThat(replicas("chat")).isEqualTo(2);
    assertThat(replicas("web")).as("released to its HPA, which may run 3").isEqualTo(4);
    assertThat(hpa().getSpec().getMaxReplicas()).isEqualTo(3);
    assertThat(originalOf(fleet.deployment("chat"))).isNull();
  }

  @Test
  void switchingBackToThresholdsAndDeletingTheBudgetUndoEveryCap() {
    harness.apply(CAPPED_BUDGET);
    awaitCap(c -> "batch=0".equals(capped(c)));
    harness
        .client()
        .resources(WorkloadBudget.class)
        .withName("ml-cap")
        .edit(
            b -> {
              b.getSpec().enforcement = dev.costguard.api.v1alpha1.Enforcement.Thresholds;
              return b;
            });
    fleet.awaitStatus("ml-cap", s -> s.cap == null);
    assertThat(replicas("batch")).isEqualTo(4);
    assertThat(originalOf(fleet.deployment("batch"))).isNull();

    harness
        .client()
        .resources(WorkloadBudget.class)
        .withName("ml-cap")
        .edit(
            b -> {
              b.getSpec().enforcement = dev.costguard.api.v1alpha1.Enforcement.Cap;
              return b;
            });
    awaitCap(c -> "batch=0".equals(capped(c)));
    harness.client().resources(WorkloadBudget.class).withName("ml-cap").delete();
    harness.awaitValue(() -> fleet.budget("ml-cap") == null, gone -> gone);
    assertThat(replicas("batch")).isEqualTo(4);
    assertThat(originalOf(fleet.deployment("batch"))).isNull();
  }

  @Test
  void inDryRunTheCapIsReportedAndNothingIsWritten() {
    harness.apply(CAPPED_BUDGET.replace("enforcement: Cap", "enforcement: Cap\n  mode: DryRun"));
    WorkloadBudgetStatus status = awaitCap(c -> "batch=0".equals(capped(c)));
    assertThat(status.cap.workloads).hasSize(3);
    assertThat(replicas("batch")).isEqualTo(4);
    assertThat(originalOf(fleet.deployment("batch"))).isNull();
  }

  private WorkloadBudgetStatus awaitCap(Predicate<CapStatus> until) {
    return fleet.awaitStatus("ml-cap", s -> s.cap != null && until.test(s.cap));
  }

  /** The capped workloads as name=allowed, highest priority first. */
  private static String capped(CapStatus cap) {
    return cap.workloads.stream()
        .filter(w -> w.allowedReplicas < w.wantedReplicas)
        .map(w -> w.name + "=" + w.allowedReplicas)
        .collect(Collectors.joining(" "));
  }

  private static String condition(WorkloadBudgetStatus status) {
    return status.conditions.stream()
        .filter(c -> c.getType().equals("Capped"))
        .map(c -> c.getStatus() + " " + c.getReason())
        .findFirst()
        .orElse("none");
  }

  private int replicas(String name) {
    Deployment d = fleet.deployment(name);
    return d.getSpec().getReplicas();
  }

  private HorizontalPodAutoscaler hpa() {
    return fleet.hpa("web");
  }

  private void setLimit(String amount) {
    harness
        .client()
        .resources(WorkloadBudget.class)
        .withName("ml-cap")
        .edit(
            b -> {
              b.getSpec().limit.amount = new BigDecimal(amount);
              return b;
            });
  }

  private void at(String instant) {
    harness.clock().set(Instant.parse(instant));
  }
}
