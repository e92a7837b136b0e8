package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A budget ladder on workloads the real controllers manage: Deployments whose ReplicaSets create
 * pods that the scheduler binds to a kwok node. The budget scales down and suspends, the
 * ReplicaSets really remove the pods, and at rollover everything comes back exactly as it was, the
 * original-state annotation really gone (a real API server removes a merge-patch null).
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
class BudgetLadderOnRealClusterTest {
  private static final String NS = "ladder";
  private static final Instant START = Instant.parse("2030-06-10T10:00:00Z");

  private static ClusterOperator operator;

  @BeforeAll
  static void fleet() {
    RealCluster.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: PriceCatalog
        metadata: {name: ladder-usd}
        spec: {currency: USD, onDemand: {cpuCoreHour: 1, memoryGiBHour: 0}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: ladder}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: trainer-0, namespace: ladder, labels: {app: trainer}}
        spec:
          containers: [{name: main, image: trainer, resources: {requests: {cpu: "10"}}}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: ladder}
        spec:
          replicas: 4
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec: {containers: [{name: api, image: api}]}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: backfill, namespace: ladder}
        spec:
          parallelism: 2
          completions: 4
          template:
            metadata:
              labels: {app: backfill}
              # kwok completes a Job's pods within seconds (delay, capped by jitter-delay); these
              # run until suspended
              annotations:
                pod-complete.stage.kwok.x-k8s.io/delay: "24h"
                pod-complete.stage.kwok.x-k8s.io/jitter-delay: "24h"
            spec: {restartPolicy: Never, containers: [{name: backfill, image: backfill}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: db, namespace: ladder, labels: {costguard.dev/critical: "true"}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: db, image: db}]}
        """);
    RealCluster.ensureNode(
        RealCluster.node(
            "ladder-od-1", Map.of("karpenter.sh/capacity-type", "on-demand"), "64", "256Gi"));
    awaitRunningPods("app=api", 4);
    awaitRunningPods("app=db", 2);
    awaitRunningPods("app=trainer", 1);
    awaitRunningPods("app=backfill", 2);
    operator =
        new ClusterOperator(
                RealCluster.operatorAccountConfig(), ClusterOperator.testConfig(), START)
            .start();
  }

  @AfterAll
  static void cleanUp() {
    KubernetesClient admin = RealCluster.admin();
    admin.resources(WorkloadBudget.class).withName("ladder-daily").delete();
    ClusterOperator.awaitValue(
        () -> admin.resources(WorkloadBudget.class).withName("ladder-daily").get() == null,
        gone -> gone);
    operator.close();
    admin.namespaces().withName(NS).delete();
  }

  @Test
  void theLadderActsOnRealPodsAndUndoesExactlyAtRollover() {
    long apiGeneration = deployment("api").getMetadata().getGeneration();
    assertThat(job().getSpec().getSuspend())
        .as("the API server defaults suspend to false")
        .isFalse();
    RealCluster.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: WorkloadBudget
        metadata: {name: ladder-daily}
        spec:
          selector: {namespaces: [ladder]}
          priceCatalogRef: ladder-usd
          limit: {amount: 100, currency: USD}
          period: Daily
          timeZone: UTC
          thresholds:
            - {percent: 50, actions: [Notify]}
            - {percent: 70, actions: [ScaleToMinimum]}
            - {percent: 80, actions: [Suspend]}
        """);
    awaitStatus(s -> s.costPerHour != null && s.costPerHour.signum() > 0);

    at("2030-06-10T17:00:00Z");
    awaitStatus(s -> s.activeThresholds.contains(70));
    assertThat(deployment("api").getSpec().getReplicas()).isEqualTo(1);
    awaitRunningPods("app=api", 1);

    at("2030-06-10T19:00:00Z");
    WorkloadBudgetStatus suspended = awaitStatus(s -> s.activeThresholds.contains(80));
    assertThat(suspended.actions).allSatisfy(a -> assertThat(a.state).isEqualTo("Applied"));
    assertThat(deployment("api").getSpec().getReplicas()).isZero();
    awaitRunningPods("app=api", 0);
    assertThat(deployment("db").getSpec().getReplicas())
        .as("critical workloads are exempt")
        .isEqualTo(2);
    assertThat(originalOf(deployment("api"))).isNotBlank();
    assertThat(job().getSpec().getSuspend()).isTrue();
    assertThat(suspended.actions)
        .anySatisfy(
            a ->
                assertThat(a.action + " " + a.kind + " " + a.name)
                    .isEqualTo("Suspend Job backfill"));
    awaitRunningPods("app=backfill", 0);
    ClusterOperator.awaitValue(
        BudgetLadderOnRealClusterTest::job, j -> hasCondition(j, "Suspended", "True"));
    assertThat(deployment("api").getMetadata().getGeneration())
        .as("two spec writes: ScaleToMinimum, then Suspend, each once")
        .isEqualTo(apiGeneration + 2);

    at("2030-06-11T00:00:30Z");
    WorkloadBudgetStatus rolledOver =
        awaitStatus(s -> s.activeThresholds.isEmpty() && s.actions.isEmpty());
    assertThat(rolledOver.previousPeriod.spent).isPositive();
    assertThat(deployment("api").getSpec().getReplicas()).isEqualTo(4);
    awaitRunningPods("app=api", 4);
    Deployment api = deployment("api");
    assertThat(api.getMetadata().getAnnotations())
        .as("the real API server removes the annotation; no null residue")
        .doesNotContainKey(CostguardApi.ORIGINAL_ANNOTATION);
    assertThat(api.getMetadata().getGeneration())
        .as("two holds, two releases, each once")
        .isEqualTo(apiGeneration + 4);
    assertThat(deployment("db").getMetadata().getGeneration()).isEqualTo(1);

    // The job controller resumes the Job: its pods run again, it is not suspended any more.
    awaitRunningPods("app=backfill", 2);
    Job backfill =
        ClusterOperator.awaitValue(
            BudgetLadderOnRealClusterTest::job, j -> hasCondition(j, "Suspended", "False"));
    assertThat(backfill.getSpec().getSuspend()).as("restored exactly: false, as found").isFalse();
    assertThat(
            backfill.getMetadata().getAnnotations() == null
                ? Map.of()
                : backfill.getMetadata().getAnnotations())
        .doesNotContainKey(CostguardApi.ORIGINAL_ANNOTATION);
    assertThat(
            backfill.getStatus().getSucceeded() == null ? 0 : backfill.getStatus().getSucceeded())
        .as("suspending deleted running pods; none counted as done")
        .isZero();
  }

  private static Job job() {
    return RealCluster.admin().batch().v1().jobs().inNamespace(NS).withName("backfill").get();
  }

  private static boolean hasCondition(Job job, String type, String status) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
  }

  private static void at(String instant) {
    operator.clock().set(Instant.parse(instant));
  }

  private static WorkloadBudgetStatus awaitStatus(Predicate<WorkloadBudgetStatus> until) {
    return ClusterOperator.awaitValue(
        () -> {
          WorkloadBudget budget =
              RealCluster.admin().resources(WorkloadBudget.class).withName("ladder-daily").get();
          return budget == null ? null : budget.getStatus();
        },
        s -> s != null && until.test(s));
  }

  private static Deployment deployment(String name) {
    return RealCluster.admin().apps().deployments().inNamespace(NS).withName(name).get();
  }

  private static void awaitRunningPods(String selector, int count) {
    RealCluster.awaitRunningPods(NS, selector, count);
  }

  private static String originalOf(HasMetadata workload) {
    Map<String, String> annotations = workload.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(CostguardApi.ORIGINAL_ANNOTATION);
  }
}
