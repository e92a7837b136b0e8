package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.kube.Conditions;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A ScalingPolicy never fights a budget: while the budget holds the workload's replicas
 * (ScaleToMinimum, Suspend) the policy reports ScalingHeld and writes nothing; after the rollover
 * it resumes from the replicas the budget restored.
 */
class ScalingPolicyUnderBudgetTest {
  private static final String API = "/apis/apps/v1/namespaces/ml/deployments/api";

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
  void aPolicyIsHeldWhileTheBudgetSuspendsItsWorkloadAndResumesAfterTheRollover() {
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ScalingPolicy
        metadata: {name: api, namespace: ml}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
          minReplicas: 2
          maxReplicas: 8
          triggers: []
        """);
    awaitPolicy(
        p ->
            Conditions.isTrue(p.getStatus().conditions, Conditions.READY)
                && "False".equals(held(p).getStatus()));
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null && s.costPerHour.signum() > 0);

    at("2026-06-10T17:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(70));
    assertThat(fleet.deployment("api").getSpec().getReplicas())
        .as("the policy's minReplicas")
        .isEqualTo(2);
    ScalingPolicy atMinimum = awaitPolicy(p -> "HeldByWorkloadBudget".equals(held(p).getReason()));
    assertThat(held(atMinimum).getMessage()).contains("WorkloadBudget/ml-daily/ScaleToMinimum");

    at("2026-06-10T18:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(80));
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isZero();
    ScalingPolicy suspended =
        awaitPolicy(p -> held(p).getMessage().contains("WorkloadBudget/ml-daily/Suspend"));
    assertThat(held(suspended).getStatus()).isEqualTo("True");
    assertThat(suspended.getStatus().desiredReplicas).isZero();
    settle();
    assertThat(fleet.deployment("api").getSpec().getReplicas())
        .as("the policy does not raise it to minReplicas")
        .isZero();
    assertThat(fleet.writesTo(API))
        .as("ScaleToMinimum and Suspend only: the policy wrote nothing")
        .isEqualTo(2);

    at("2026-06-11T00:00:30Z");
    fleet.awaitStatus("ml-daily", s -> s.periodStart.equals("2026-06-11T00:00:00Z"));
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(4);
    ScalingPolicy resumed = awaitPolicy(p -> "False".equals(held(p).getStatus()));
    assertThat(resumed.getStatus().currentReplicas).isEqualTo(4);
    settle();
    assertThat(fleet.deployment("api").getSpec().getReplicas())
        .as("resumes from the restored replicas")
        .isEqualTo(4);
  }

  private static Condition held(ScalingPolicy policy) {
    return Conditions.find(policy.getStatus().conditions, "ScalingHeld").orElse(new Condition());
  }

  private ScalingPolicy awaitPolicy(java.util.function.Predicate<ScalingPolicy> until) {
    return harness.awaitValue(
        () ->
            harness.client().resources(ScalingPolicy.class).inNamespace("ml").withName("api").get(),
        p -> p != null && p.getStatus() != null && until.test(p));
  }

  private void at(String instant) {
    harness.clock().set(Instant.parse(instant));
  }

  private static void settle() {
    try {
      Thread.sleep(2500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
