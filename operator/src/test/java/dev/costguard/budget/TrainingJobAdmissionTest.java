package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.JobAdmission;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.kube.JobKind;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.ThirdPartyCrds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Training jobs admitted by money, on the kinds' real published CRDs: the fleet's 10-core pod costs
 * 10 USD an hour, so by 15:00 the 100 USD daily budget has 50 USD left.
 */
class TrainingJobAdmissionTest {
  private static final String BUDGET =
      """
      apiVersion: costguard.dev/v1alpha1
      kind: WorkloadBudget
      metadata: {name: train-daily}
      spec:
        selector: {namespaces: [ml]}
        limit: {amount: 100, currency: USD}
        period: Daily
        timeZone: UTC
      """;

  /** 2 Jobs of 8 cores, 4 hours each at most: 16 USD/h x 4 h = 64 USD. */
  private static final String JOBSET =
      """
      apiVersion: jobset.x-k8s.io/v1alpha2
      kind: JobSet
      metadata: {name: pretrain, namespace: ml, labels: {costguard.dev/budget: train-daily}}
      spec:
        suspend: true
        replicatedJobs:
          - name: workers
            replicas: 2
            template:
              spec:
                activeDeadlineSeconds: 14400
                template:
                  spec:
                    restartPolicy: Never
                    containers: [{name: train, image: trainer, resources: {requests: {cpu: "8"}}}]
      """;

  /** A 2-core head and two 4-core workers for 6 hours at most: 10 USD/h x 6 h = 60 USD. */
  private static final String RAYJOB =
      """
      apiVersion: ray.io/v1
      kind: RayJob
      metadata:
        name: tune
        namespace: ml
        labels: {costguard.dev/budget: train-daily}
        annotations: {costguard.dev/max-run-time: 6h}
      spec:
        suspend: true
        entrypoint: python tune.py
        rayClusterSpec:
          headGroupSpec:
            rayStartParams: {}
            template: {spec: {containers: [{name: head, image: ray, resources: {requests: {cpu: "2"}}}]}}
          workerGroupSpecs:
            - groupName: cpu
              replicas: 2
              rayStartParams: {}
              template: {spec: {containers: [{name: worker, image: ray, resources: {requests: {cpu: "4"}}}]}}
      """;

  /** No declared run time: refused until it gets one. */
  private static final String UNBOUNDED =
      """
      apiVersion: kubeflow.org/v1
      kind: PyTorchJob
      metadata: {name: open-ended, namespace: ml, labels: {costguard.dev/budget: train-daily}}
      spec:
        runPolicy: {suspend: true}
        pytorchReplicaSpecs:
          Worker:
            replicas: 1
            template: {spec: {containers: [{name: pytorch, image: trainer, resources: {requests: {cpu: "1"}}}]}}
      ---
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: kueue-managed
        namespace: ml
        labels: {costguard.dev/budget: train-daily, kueue.x-k8s.io/queue-name: team-a}
      spec:
        suspend: true
        activeDeadlineSeconds: 60
        template:
          spec: {restartPolicy: Never, containers: [{name: x, image: x}]}
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
    harness.startOperator();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void aJobSetAndARayJobWaitInTheQueueAndStartWhenTheLimitIsRaised() {
    harness.apply(BUDGET);
    fleet.awaitStatus("train-daily", s -> s.costPerHour != null);
    harness.clock().set(Instant.parse("2026-06-10T15:00:00Z"));
    fleet.awaitStatus("train-daily", s -> s.spent.compareTo(new BigDecimal("50")) >= 0);

    harness.apply(JOBSET);
    harness.apply(RAYJOB);
    harness.apply(UNBOUNDED);
    JobAdmission queued =
        fleet.awaitStatus("train-daily", s -> s.admission != null && s.admission.queue.size() == 3)
            .admission;
    assertThat(queued.queue)
        .extracting(j -> j.position + " " + j.kind + " " + j.name + " " + j.state + " " + j.reason)
        .containsExactly(
            "1 JobSet pretrain Queued InsufficientBudget",
            "2 RayJob tune Queued InsufficientBudget",
            "null PyTorchJob open-ended Refused NoRunTimeBound");
    assertThat(queued.queue.get(0).estimatedCost).isEqualByComparingTo("64.00");
    assertThat(queued.queue.get(1).estimatedCost).isEqualByComparingTo("60.00");
    assertThat(queued.admitted).isEmpty();
    assertThat(queued.reserved).isEqualByComparingTo("0");
    assertThat(queued.available).isEqualByComparingTo("50.00");

    assertThat(field(JobKind.JobSet, "pretrain", "/spec/suspend").asBoolean()).isTrue();
    assertThat(field(JobKind.RayJob, "tune", "/spec/suspend").asBoolean()).isTrue();
    Map<String, String> said = annotations(JobKind.JobSet, "pretrain");
    assertThat(said).containsEntry(CostguardApi.ADMISSION_ANNOTATION, "Queued");
    assertThat(said.get(CostguardApi.ADMISSION_MESSAGE_ANNOTATION))
        .isEqualTo(
            "waits at position 1 in the queue of WorkloadBudget train-daily: estimated 64.00 USD"
                + " (2 pods, 16.00 USD/h for 4h), more than the money left (see its"
                + " status.admission)");
    assertThat(annotations(JobKind.PyTorchJob, "open-ended"))
        .containsEntry(CostguardApi.ADMISSION_ANNOTATION, "Refused");
    assertThat(
            annotations(JobKind.PyTorchJob, "open-ended")
                .get(CostguardApi.ADMISSION_MESSAGE_ANNOTATION))
        .contains("spec.runPolicy.activeDeadlineSeconds", "costguard.dev/max-run-time");
    var kueueJob =
        harness.client().batch().v1().jobs().inNamespace("ml").withName("kueue-managed").get();
    assertThat(kueueJob.getSpec().getSuspend()).as("Kueue admits its own jobs").isTrue();
    assertThat(kueueJob.getMetadata().getAnnotations())
        .doesNotContainKey(CostguardApi.ADMISSION_ANNOTATION);

    setLimit("200");
    JobAdmission started =
        fleet.awaitStatus(
                "train-daily", s -> s.admission != null && s.admission.admitted.size() == 2)
            .admission;
    assertThat(field(JobKind.JobSet, "pretrain", "/spec/suspend").asBoolean()).isFalse();
    assertThat(field(JobKind.RayJob, "tune", "/spec/suspend").asBoolean()).isFalse();
    assertThat(started.admitted)
        .extracting(j -> j.kind + " " + j.name + " " + j.reserved.setScale(2).toPlainString())
        .containsExactlyInAnyOrder("JobSet pretrain 64.00", "RayJob tune 60.00");
    assertThat(started.reserved).as("both estimates, held apart").isEqualByComparingTo("124.00");
    assertThat(started.available).as("200 - 50 spent - 124 reserved").isEqualByComparingTo("26.00");
    assertThat(started.queue).extracting(j -> j.name).containsExactly("open-ended");
    assertThat(annotations(JobKind.RayJob, "tune"))
        .containsEntry(CostguardApi.ADMISSION_ANNOTATION, "Admitted")
        .containsEntry(CostguardApi.ADMITTED_AT_ANNOTATION, "2026-06-10T15:00:00Z");

    try {
      Thread.sleep(2200); // two resyncs: a repeated write would show
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(fleet.writesTo("/apis/jobset.x-k8s.io/v1alpha2/namespaces/ml/jobsets/pretrain"))
        .as("told it waits once, started once")
        .isEqualTo(2);

    // An hour on, each admitted job has used a part of its run time: less stays reserved.
    harness.clock().set(Instant.parse("2026-06-10T16:00:00Z"));
    JobAdmission later =
        fleet.awaitStatus(
                "train-daily",
                s ->
                    s.admission != null
                        && s.admission.reserved.compareTo(new BigDecimal("124")) < 0)
            .admission;
    assertThat(later.admitted)
        .extracting(j -> j.name + " " + j.reserved.setScale(2).toPlainString())
        .containsExactlyInAnyOrder("pretrain 48.00", "tune 50.00");
  }

  private void setLimit(String amount) {
    harness
        .client()
        .resources(WorkloadBudget.class)
        .withName("train-daily")
        .edit(
            b -> {
              b.getSpec().limit.amount = new BigDecimal(amount);
              return b;
            });
  }

  private GenericKubernetesResource job(JobKind kind, String name) {
    return harness
        .client()
        .genericKubernetesResources(kind.context())
        .inNamespace("ml")
        .withName(name)
        .get();
  }

  private JsonNode field(JobKind kind, String name, String pointer) {
    return Serialization.jsonMapper().<JsonNode>valueToTree(job(kind, name)).at(pointer);
  }

  private Map<String, String> annotations(JobKind kind, String name) {
    return job(kind, name).getMetadata().getAnnotations();
  }
}
