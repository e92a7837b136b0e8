package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.kube.JobKind;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.ThirdPartyCrds;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A budget's Suspend action on training jobs of the kinds' real published CRDs (JobSet, RayJob,
 * PyTorchJob) and a batch Job, each through its own suspend field, and the exact undo.
 */
class TrainingJobsSuspendedByBudgetTest {
  private static final String JOBS =
      """
      apiVersion: jobset.x-k8s.io/v1alpha2
      kind: JobSet
      metadata: {name: llm-pretrain, namespace: ml}
      spec:
        suspend: false
        replicatedJobs:
          - name: workers
            replicas: 2
            template:
              spec:
                template:
                  spec:
                    restartPolicy: Never
                    containers: [{name: train, image: trainer}]
      ---
      apiVersion: ray.io/v1
      kind: RayJob
      metadata: {name: tune, namespace: ml}
      spec:
        entrypoint: python tune.py
        rayClusterSpec:
          headGroupSpec:
            rayStartParams: {}
            template: {spec: {containers: [{name: head, image: ray}]}}
      ---
      apiVersion: kubeflow.org/v1
      kind: PyTorchJob
      metadata: {name: finetune, namespace: ml}
      spec:
        runPolicy: {suspend: false, activeDeadlineSeconds: 7200}
        pytorchReplicaSpecs:
          Worker:
            replicas: 2
            template: {spec: {containers: [{name: pytorch, image: trainer}]}}
      ---
      apiVersion: jobset.x-k8s.io/v1alpha2
      kind: JobSet
      metadata: {name: done, namespace: ml}
      spec:
        suspend: false
        replicatedJobs:
          - name: w
            template: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: t, image: t}]}}}}
      ---
      apiVersion: ray.io/v1
      kind: RayJob
      metadata: {name: queued-by-kueue, namespace: ml, labels: {kueue.x-k8s.io/queue-name: team}}
      spec:
        entrypoint: python x.py
        rayClusterSpec:
          headGroupSpec:
            rayStartParams: {}
            template: {spec: {containers: [{name: head, image: ray}]}}
      """;

  private OperatorHarness harness;
  private BudgetFleet fleet;

  @BeforeEach
  void start() {
    harness =
        OperatorHarness.withoutOperator(
            OperatorHarness.testConfig(), OperatorHarness.DEFAULT_START);
    ThirdPartyCrds.install(
        harness.cluster(), ThirdPartyCrds.JOBSET, ThirdPartyCrds.RAYJOB, ThirdPartyCrds.PYTORCHJOB);
    fleet = BudgetFleet.seeded(harness);
    harness.apply(JOBS);
    // Status goes through the status subresource, as the JobSet controller writes it.
    harness
        .client()
        .genericKubernetesResources(JobKind.JobSet.context())
        .inNamespace("ml")
        .withName("done")
        .editStatus(
            js -> {
              js.setAdditionalProperty(
                  "status",
                  java.util.Map.of(
                      "conditions",
                      java.util.List.of(
                          java.util.Map.of(
                              "type", "Completed",
                              "status", "True",
                              "reason", "AllJobsCompleted",
                              "message", "done",
                              "lastTransitionTime", "2026-06-10T09:00:00Z"))));
              return js;
            });
    harness.startOperator();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void suspendHoldsEveryUnfinishedTrainingJobThroughItsOwnFieldAndTheRaisedLimitGivesItBack() {
    assertThat(harness.operator().view().jobKinds())
        .containsExactlyInAnyOrder(JobKind.JobSet, JobKind.RayJob, JobKind.PyTorchJob);
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null);

    harness.clock().set(Instant.parse("2026-06-10T18:00:00Z"));
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(80));
    harness.awaitValue(
        () -> field(JobKind.JobSet, "llm-pretrain", "/spec/suspend"), JsonNode::asBoolean);
    assertThat(field(JobKind.RayJob, "tune", "/spec/suspend").asBoolean()).isTrue();
    assertThat(field(JobKind.PyTorchJob, "finetune", "/spec/runPolicy/suspend").asBoolean())
        .isTrue();
    assertThat(fleet.job("backfill").getSpec().getSuspend()).isTrue();
    assertThat(field(JobKind.JobSet, "done", "/spec/suspend").asBoolean())
        .as("a finished JobSet is left alone")
        .isFalse();
    assertThat(field(JobKind.RayJob, "queued-by-kueue", "/spec/suspend").isMissingNode())
        .as("Kueue owns the suspend field of the jobs it manages")
        .isTrue();
    assertThat(fleet.budget("ml-daily").getStatus().actions)
        .extracting(a -> a.action + " " + a.kind + " " + a.name)
        .contains(
            "Suspend JobSet llm-pretrain",
            "Suspend RayJob tune",
            "Suspend PyTorchJob finetune",
            "Suspend Job backfill")
        .doesNotContain("Suspend JobSet done", "Suspend RayJob queued-by-kueue");

    harness
        .client()
        .resources(WorkloadBudget.class)
        .withName("ml-daily")
        .edit(
            b -> {
              b.getSpec().limit.amount = new BigDecimal("1000");
              return b;
            });
    fleet.awaitStatus("ml-daily", s -> s.actions.isEmpty() && s.activeThresholds.isEmpty());
    assertThat(field(JobKind.JobSet, "llm-pretrain", "/spec/suspend").asBoolean()).isFalse();
    JsonNode raySuspend = field(JobKind.RayJob, "tune", "/spec/suspend");
    assertThat(raySuspend.isMissingNode() || raySuspend.isNull())
        .as("absent again, as it was (the mock keeps a removed key as null)")
        .isTrue();
    assertThat(field(JobKind.PyTorchJob, "finetune", "/spec/runPolicy/suspend").asBoolean())
        .isFalse();
    assertThat(
            field(JobKind.PyTorchJob, "finetune", "/spec/runPolicy/activeDeadlineSeconds").asInt())
        .as("the rest of the run policy is untouched")
        .isEqualTo(7200);
    assertThat(fleet.job("backfill").getSpec().getSuspend()).isNull();
    JsonNode original =
        field(JobKind.JobSet, "llm-pretrain", "/metadata/annotations/costguard.dev~1original");
    assertThat(original.isMissingNode() || original.isNull()).isTrue();
  }

  private JsonNode field(JobKind kind, String name, String pointer) {
    var job =
        harness
            .client()
            .genericKubernetesResources(kind.context())
            .inNamespace("ml")
            .withName(name)
            .get();
    return Serialization.jsonMapper().<JsonNode>valueToTree(job).at(pointer);
  }
}
