package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.JobAdmission;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.kube.JobKind;
import dev.costguard.testing.ThirdPartyCrds;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admission by money on a real API server, under the chart's RBAC: first on a cluster without
 * JobSet (a batch Job is admitted and the real Job controller starts its pod; the missing kind is
 * simply not watched), then with JobSet's published CRD installed (the API server validates the
 * JobSet against it; it waits in the queue and starts when the limit is raised).
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainingJobAdmissionOnRealClusterTest {
  private static final String NS = "admit";
  private static final Instant START = Instant.parse("2030-06-10T10:00:00Z");

  private static ClusterOperator operator;

  @BeforeAll
  static void fleet() {
    RealCluster.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: PriceCatalog
        metadata: {name: admit-usd}
        spec: {currency: USD, onDemand: {cpuCoreHour: 1, memoryGiBHour: 0}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: admit}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: trainer-0, namespace: admit, labels: {app: trainer}}
        spec:
          containers: [{name: main, image: trainer, resources: {requests: {cpu: "10"}}}]
        ---
        apiVersion: costguard.dev/v1alpha1
        kind: WorkloadBudget
        metadata: {name: admit-daily}
        spec:
          selector: {namespaces: [admit]}
          priceCatalogRef: admit-usd
          limit: {amount: 100, currency: USD}
          period: Daily
          timeZone: UTC
        """);
    RealCluster.ensureNode(
        RealCluster.node(
            "admit-od-1", Map.of("karpenter.sh/capacity-type", "on-demand"), "64", "256Gi"));
    RealCluster.awaitRunningPods(NS, "app=trainer", 1);
  }

  @AfterAll
  static void cleanUp() {
    KubernetesClient admin = RealCluster.admin();
    if (operator != null) {
      operator.close();
    }
    admin.resources(WorkloadBudget.class).withName("admit-daily").delete();
    admin.namespaces().withName(NS).delete();
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("jobsets.jobset.x-k8s.io")
        .delete();
  }

  @Test
  @Order(1)
  void withoutJobSetInstalledABatchJobIsAdmittedAndItsPodRuns() {
    operator =
        new ClusterOperator(
                RealCluster.operatorAccountConfig(), ClusterOperator.testConfig(), START)
            .start();
    awaitStatus(s -> s.costPerHour != null && s.costPerHour.signum() > 0);
    operator.clock().set(Instant.parse("2030-06-10T15:00:00Z"));
    awaitStatus(s -> s.spent.compareTo(new BigDecimal("49")) > 0);

    RealCluster.apply(
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: eval, namespace: admit, labels: {costguard.dev/budget: admit-daily}}
        spec:
          suspend: true
          activeDeadlineSeconds: 3600
          template:
            metadata: {labels: {app: eval}}
            spec:
              restartPolicy: Never
              containers: [{name: eval, image: eval, resources: {requests: {cpu: "2"}}}]
        """);
    ClusterOperator.awaitValue(
        () -> job("eval").getSpec().getSuspend(), suspended -> Boolean.FALSE.equals(suspended));
    RealCluster.awaitRunningPods(NS, "app=eval", 1);
    assertThat(job("eval").getMetadata().getAnnotations())
        .containsEntry(CostguardApi.ADMISSION_ANNOTATION, "Admitted");
    JobAdmission admission = awaitStatus(s -> s.admission != null).admission;
    assertThat(admission.admitted)
        .extracting(j -> j.kind + " " + j.name + " " + j.reserved.setScale(2).toPlainString())
        .containsExactly("Job eval 2.00");
  }

  @Test
  @Order(2)
  void withJobSetsPublishedCrdAJobSetWaitsAndStartsWhenTheLimitIsRaised() throws Exception {
    operator.stop();
    RealCluster.installCrd(
        RealCluster.admin(),
        Path.of(
            ThirdPartyCrds.class
                .getResource("/third-party-crds/" + ThirdPartyCrds.JOBSET.file())
                .toURI()));
    operator.start();
    RealCluster.apply(
        """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata: {name: pretrain, namespace: admit, labels: {costguard.dev/budget: admit-daily}}
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
        """);
    JobAdmission queued =
        awaitStatus(s -> s.admission != null && !s.admission.queue.isEmpty()).admission;
    assertThat(queued.queue)
        .extracting(j -> j.kind + " " + j.name + " " + j.state + " " + j.reason)
        .containsExactly("JobSet pretrain Queued InsufficientBudget");
    assertThat(jobSet("/spec/suspend").asBoolean()).isTrue();

    RealCluster.admin()
        .resources(WorkloadBudget.class)
        .withName("admit-daily")
        .edit(
            b -> {
              b.getSpec().limit.amount = new BigDecimal("300");
              return b;
            });
    ClusterOperator.awaitValue(() -> jobSet("/spec/suspend"), s -> !s.asBoolean(true));
    assertThat(jobSet("/metadata/annotations").path(CostguardApi.ADMISSION_ANNOTATION).asText())
        .isEqualTo("Admitted");
  }

  private static Job job(String name) {
    return RealCluster.admin().batch().v1().jobs().inNamespace(NS).withName(name).get();
  }

  private static JsonNode jobSet(String pointer) {
    var jobSet =
        RealCluster.admin()
            .genericKubernetesResources(JobKind.JobSet.context())
            .inNamespace(NS)
            .withName("pretrain")
            .get();
    return Serialization.jsonMapper().<JsonNode>valueToTree(jobSet).at(pointer);
  }

  private static WorkloadBudgetStatus awaitStatus(Predicate<WorkloadBudgetStatus> until) {
    return ClusterOperator.awaitValue(
        () -> {
          WorkloadBudget budget =
              RealCluster.admin().resources(WorkloadBudget.class).withName("admit-daily").get();
          return budget == null ? null : budget.getStatus();
        },
        s -> s != null && until.test(s));
  }
}
