package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A workload with a real HPA (autoscaling/v2) is driven and capped only through the HPA's own
 * bounds: a ScalingPolicy raises its minimum and the HPA controller scales the Deployment up; a
 * budget's ScaleToMinimum lowers its maximum and the HPA controller scales it down. Costguard never
 * writes the Deployment's replicas, and the HPA is restored exactly when the policy goes and at the
 * budget's rollover. (There is no metrics API here: the HPA controller still clamps its target into
 * its bounds, which is what this exercises.)
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
class HpaBoundsOnRealClusterTest {
  private static final String NS = "hpa-bounds";
  private static final Instant START = Instant.parse("2030-07-10T10:00:00Z");

  private static ClusterOperator operator;

  @BeforeAll
  static void fleet() {
    RealCluster.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: PriceCatalog
        metadata: {name: hpa-bounds-usd}
        spec: {currency: USD, onDemand: {cpuCoreHour: 1, memoryGiBHour: 0}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: hpa-bounds}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: trainer-0, namespace: hpa-bounds, labels: {app: trainer}}
        spec:
          containers: [{name: main, image: trainer, resources: {requests: {cpu: "10"}}}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: hpa-bounds}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: web, resources: {requests: {cpu: 100m}}}]}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web, namespace: hpa-bounds}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 2
          maxReplicas: 10
          metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
        """);
    RealCluster.ensureNode(
        RealCluster.node(
            "hpa-bounds-od-1", Map.of("karpenter.sh/capacity-type", "on-demand"), "64", "256Gi"));
    RealCluster.awaitRunningPods(NS, "app=web", 2);
    RealCluster.awaitRunningPods(NS, "app=trainer", 1);
    operator =
        new ClusterOperator(
                RealCluster.operatorAccountConfig(), ClusterOperator.testConfig(), START)
            .start();
  }

  @AfterAll
  static void cleanUp() {
    var admin = RealCluster.admin();
    admin.resources(WorkloadBudget.class).withName("hpa-bounds-daily").delete();
    admin.resources(ScalingPolicy.class).inNamespace(NS).withName("web").delete();
    ClusterOperator.awaitValue(
        () ->
            admin.resources(WorkloadBudget.class).withName("hpa-bounds-daily").get() == null
                && admin.resources(ScalingPolicy.class).inNamespace(NS).withName("web").get()
                    == null,
        gone -> gone);
    operator.close();
    admin.namespaces().withName(NS).delete();
  }

  @Test
  void aPolicyDrivesAndABudgetCapsTheWorkloadThroughItsHpaAlone() {
    // A policy asking for 4..6 raises the HPA's bounds; the HPA controller scales up.
    RealCluster.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ScalingPolicy
        metadata: {name: web, namespace: hpa-bounds}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 4
          maxReplicas: 6
          triggers: []
        """);
    HorizontalPodAutoscaler bounded =
        ClusterOperator.awaitValue(
            HpaBoundsOnRealClusterTest::hpa,
            h -> h.getSpec().getMinReplicas() == 4 && h.getSpec().getMaxReplicas() == 6);
    assertThat(bounded.getMetadata().getAnnotations())
        .containsKey(CostguardApi.ORIGINAL_ANNOTATION);
    ClusterOperator.awaitValue(
        () ->
            RealCluster.admin()
                .resources(ScalingPolicy.class)
                .inNamespace(NS)
                .withName("web")
                .get(),
        p ->
            p.getStatus() != null && "HorizontalPodAutoscaler/web".equals(p.getStatus().scaledVia));
    ClusterOperator.awaitValue(
        () -> deployment().getSpec().getReplicas(), replicas -> replicas == 4);
    RealCluster.awaitRunningPods(NS, "app=web", 4);
    assertNoCostguardWriteOnTheDeployment();

    // The policy goes: the HPA gets its own bounds back exactly; replicas stay where the HPA left
    // them, inside those bounds.
    RealCluster.admin().resources(ScalingPolicy.class).inNamespace(NS).withName("web").delete();
    HorizontalPodAutoscaler restored =
        ClusterOperator.awaitValue(
            HpaBoundsOnRealClusterTest::hpa,
            h ->
                h.getSpec().getMaxReplicas() == 10
                    && (h.getMetadata().getAnnotations() == null
                        || !h.getMetadata()
                            .getAnnotations()
                            .containsKey(CostguardApi.ORIGINAL_ANNOTATION)));
    assertThat(restored.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(deployment().getSpec().getReplicas()).isEqualTo(4);

    // A budget's ScaleToMinimum caps the HPA at its minimum; the HPA controller scales down.
    RealCluster.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: WorkloadBudget
        metadata: {name: hpa-bounds-daily}
        spec:
          selector: {namespaces: [hpa-bounds]}
          priceCatalogRef: hpa-bounds-usd
          limit: {amount: 100, currency: USD}
          period: Daily
          timeZone: UTC
          thresholds:
            - {percent: 70, actions: [ScaleToMinimum]}
        """);
    awaitBudget(s -> s.costPerHour != null && s.costPerHour.signum() > 0);
    operator.clock().set(Instant.parse("2030-07-10T18:00:00Z"));
    awaitBudget(s -> s.activeThresholds.contains(70) && !s.actions.isEmpty());
    HorizontalPodAutoscaler capped =
        ClusterOperator.awaitValue(
            HpaBoundsOnRealClusterTest::hpa, h -> h.getSpec().getMaxReplicas() == 2);
    assertThat(capped.getSpec().getMinReplicas()).isEqualTo(2);
    ClusterOperator.awaitValue(
        () -> deployment().getSpec().getReplicas(), replicas -> replicas == 2);
    RealCluster.awaitRunningPods(NS, "app=web", 2);
    assertNoCostguardWriteOnTheDeployment();

    // Rollover: the cap is undone exactly.
    operator.clock().set(Instant.parse("2030-07-11T00:00:30Z"));
    awaitBudget(s -> s.activeThresholds.isEmpty() && s.actions.isEmpty());
    HorizontalPodAutoscaler uncapped =
        ClusterOperator.awaitValue(
            HpaBoundsOnRealClusterTest::hpa, h -> h.getSpec().getMaxReplicas() == 10);
    assertThat(uncapped.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(
            uncapped.getMetadata().getAnnotations() == null
                ? Map.of()
                : uncapped.getMetadata().getAnnotations())
        .doesNotContainKey(CostguardApi.ORIGINAL_ANNOTATION);
    assertNoCostguardWriteOnTheDeployment();
  }

  /** Only the HPA controller changed the Deployment's replicas, through the scale subresource. */
  private static void assertNoCostguardWriteOnTheDeployment() {
    assertThat(deployment().getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .doesNotContain(CostguardApi.FIELD_MANAGER);
  }

  private static HorizontalPodAutoscaler hpa() {
    return RealCluster.admin()
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(NS)
        .withName("web")
        .get();
  }

  private static Deployment deployment() {
    return RealCluster.admin().apps().deployments().inNamespace(NS).withName("web").get();
  }

  private static WorkloadBudgetStatus awaitBudget(Predicate<WorkloadBudgetStatus> until) {
    return ClusterOperator.awaitValue(
        () -> {
          WorkloadBudget budget =
              RealCluster.admin()
                  .resources(WorkloadBudget.class)
                  .withName("hpa-bounds-daily")
                  .get();
          return budget == null ? null : budget.getStatus();
        },
        s -> s != null && until.test(s));
  }
}
