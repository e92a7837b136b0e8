package dev.costguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.WorkloadAction;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.kube.Conditions;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console summary names thresholds, actions with their reasons, currencies and why not ready.
 */
class SandboxSummaryTest {
  private MockCluster cluster;
  private KubernetesClient client;
  private SandboxSummary summary;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    client = cluster.client();
    summary =
        new SandboxSummary(
            client, Clock.fixed(Instant.parse("2026-06-10T12:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aBudgetShowsItsMoneyInItsCurrencyTheThresholdsCrossedAndTheActionsInForce() {
    WorkloadBudget budget =
        client
            .resource(
                client
                    .getKubernetesSerialization()
                    .unmarshal(
                        """
                        apiVersion: costguard.dev/v1alpha1
                        kind: WorkloadBudget
                        metadata: {name: inference-daily}
                        spec:
                          selector: {namespaces: [ml-inference]}
                          limit: {amount: 100, currency: EUR}
                          period: Daily
                          thresholds:
                            - {percent: 80, actions: [Notify]}
                            - {percent: 100, actions: [ScaleToMinimum, BlockScaleUp]}
                        """,
                        WorkloadBudget.class))
            .create();
    WorkloadBudgetStatus status = new WorkloadBudgetStatus();
    status.currency = "EUR";
    status.spent = new BigDecimal("101.250000");
    status.forecast = new BigDecimal("130.5");
    status.utilization = "101%";
    status.activeThresholds.add(80);
    status.activeThresholds.add(100);
    WorkloadAction action = new WorkloadAction();
    action.action = BudgetAction.ScaleToMinimum;
    action.kind = "Deployment";
    action.namespace = "ml-inference";
    action.name = "chat-inference";
    action.since = "2026-06-10T11:40:00Z";
    action.state = "Applied";
    status.actions.add(action);
    status.conditions.add(
        new ConditionBuilder()
            .withType(Conditions.READY)
            .withStatus("True")
            .withReason("Tracking")
            .withMessage("ok")
            .build());
    budget.setStatus(status);
    client.resource(budget).updateStatus();

    String text = summary.render();

    assertThat(text)
        .contains("spent 101.25 EUR of 100 EUR (101%), forecast 130.5 EUR at period end")
        .contains("thresholds crossed: 80% (Notify), 100% (ScaleToMinimum, BlockScaleUp)")
        .contains(
            "in force: ScaleToMinimum Deployment ml-inference/chat-inference since"
                + " 2026-06-10T11:40:00Z")
        .doesNotContain("not ready");
  }

  @Test
  void aPolicySaysWhyItIsNotReadyAndWhatItsMetricsAre() {
    ScalingPolicy policy =
        client
            .resource(
                client
                    .getKubernetesSerialization()
                    .unmarshal(
                        """
                        apiVersion: costguard.dev/v1alpha1
                        kind: ScalingPolicy
                        metadata: {name: vllm-llama, namespace: ml-inference}
                        spec:
                          targetRef: {apiVersion: apps/v1, kind: Deployment, name: vllm-llama}
                          minReplicas: 1
                          maxReplicas: 4
                          triggers:
                            - {type: Resource, resource: cpu, scaleUpAbove: 70, scaleDownBelow: 30}
                        """,
                        ScalingPolicy.class))
            .create();
    var status = new dev.costguard.api.v1alpha1.ScalingPolicyStatus();
    status.currentReplicas = 2;
    status.desiredReplicas = 3;
    status.limitedBy = "budget";
    var cpu = new dev.costguard.api.v1alpha1.ScalingPolicyStatus.TriggerValue();
    cpu.trigger = "cpu";
    cpu.value = 82.0;
    status.metrics.add(cpu);
    status.conditions.add(
        new ConditionBuilder()
            .withType(Conditions.READY)
            .withStatus("False")
            .withReason("TargetNotFound")
            .withMessage("Deployment vllm-llama does not exist")
            .build());
    policy.setStatus(status);
    client.resource(policy).updateStatus();

    assertThat(summary.render())
        .contains(
            "ml-inference/vllm-llama Deployment vllm-llama: 2 replicas, wants 3 (1..4), limited by"
                + " budget; cpu 82")
        .contains("not ready: TargetNotFound: Deployment vllm-llama does not exist");
  }

  @Test
  void whatTheOperatorDidIsShownOnceWithItsReasonAndAgainWhenItRepeats() {
    Event scaled =
        client
            .v1()
            .events()
            .inNamespace("ml-inference")
            .resource(
                new EventBuilder()
                    .withNewMetadata()
                    .withName("vllm-llama.scaled")
                    .withNamespace("ml-inference")
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withKind("ScalingPolicy")
                    .withNamespace("ml-inference")
                    .withName("chat-inference")
                    .endInvolvedObject()
                    .withType("Normal")
                    .withReason("ScaledDown")
                    .withMessage("Deployment/chat-inference 3 -> 1: budget inference-daily at 100%")
                    .withReportingComponent("costguard")
                    .withCount(1)
                    .withLastTimestamp("2026-06-10T11:59:00Z")
                    .build())
            .create();
    client
        .v1()
        .events()
        .inNamespace("ml-inference")
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("someone-else")
                .withNamespace("ml-inference")
                .endMetadata()
                .withType("Normal")
                .withReason("Pulled")
                .withMessage("image pulled")
                .withReportingComponent("kubelet")
                .build())
        .create();

    assertThat(summary.render())
        .contains(
            "ScaledDown ScalingPolicy ml-inference/chat-inference: Deployment/chat-inference 3 -> 1:"
                + " budget inference-daily at 100%")
        .doesNotContain("image pulled");
    assertThat(summary.render()).doesNotContain("ScaledDown");

    scaled.setCount(2);
    client.resource(scaled).update();
    assertThat(summary.render()).contains("3 -> 1: budget inference-daily at 100% (x2)");
  }
}
