package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.chart.ChartOperatorAccount;
import dev.costguard.sandbox.controlplane.AuditEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The negative control for the chart's RBAC: the same scenario that passes under the chart's
 * ServiceAccount (every cluster-tier scenario runs under it, see {@link
 * RealCluster#operatorAccountConfig()}) fails when one grant is removed (patch on Deployments), and
 * the API server's audit log shows the 403s.
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
class ChartRbacOnRealClusterTest {
  private static final String NS = "rbac-control";
  private static final String SUFFIX = "-without-workload-patch";

  @Test
  void withoutTheGrantToPatchDeploymentsABudgetCannotScaleAWorkloadDown() {
    List<HasMetadata> broken =
        renamed(ChartOperatorAccount.manifestsWithout("deployments", "patch"));
    RealCluster.installOperatorAccount(broken);
    String account = ChartOperatorAccount.serviceAccountName() + SUFFIX;
    RealCluster.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: rbac-control}
        ---
        apiVersion: costguard.dev/v1alpha1
        kind: PriceCatalog
        metadata: {name: rbac-control-usd}
        spec: {currency: USD, onDemand: {cpuCoreHour: 1, memoryGiBHour: 0}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: rbac-control}
        spec:
          replicas: 3
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec: {containers: [{name: api, image: api, resources: {requests: {cpu: "2"}}}]}
        """);
    RealCluster.ensureNode(
        RealCluster.node(
            "rbac-control-od-1", Map.of("karpenter.sh/capacity-type", "on-demand"), "64", "256Gi"));
    RealCluster.awaitRunningPods(NS, "app=api", 3);
    try (ClusterOperator operator =
        new ClusterOperator(
                RealCluster.serviceAccountConfig(account),
                ClusterOperator.testConfig(),
                Instant.parse("2030-06-10T10:00:00Z"))
            .start()) {
      RealCluster.apply(
          """
          apiVersion: costguard.dev/v1alpha1
          kind: WorkloadBudget
          metadata: {name: rbac-control}
          spec:
            selector: {namespaces: [rbac-control]}
            priceCatalogRef: rbac-control-usd
            limit: {amount: 10, currency: USD}
            period: Daily
            timeZone: UTC
            thresholds:
              - {percent: 50, actions: [ScaleToMinimum]}
          """);
      awaitStatus(s -> s.costPerHour != null && s.costPerHour.signum() > 0);
      operator.clock().set(Instant.parse("2030-06-10T12:00:00Z"));
      awaitStatus(s -> s.activeThresholds.contains(50));
      List<AuditEvent> forbidden =
          ClusterOperator.awaitValue(
              () -> forbiddenFor(account),
              events ->
                  events.stream()
                      .anyMatch(
                          e ->
                              e.verb().equals("patch")
                                  && e.requestUri().contains("/deployments/api")));
      assertThat(forbidden).isNotEmpty();
      sleep(Duration.ofSeconds(3));
      assertThat(
              RealCluster.admin()
                  .apps()
                  .deployments()
                  .inNamespace(NS)
                  .withName("api")
                  .get()
                  .getSpec()
                  .getReplicas())
          .as("the scenario fails: the workload was never scaled down")
          .isEqualTo(3);
      RealCluster.admin().resources(WorkloadBudget.class).withName("rbac-control").delete();
      ClusterOperator.awaitValue(
          () ->
              RealCluster.admin().resources(WorkloadBudget.class).withName("rbac-control").get()
                  == null,
          gone -> gone);
    } finally {
      RealCluster.admin().namespaces().withName(NS).delete();
    }
  }

  static List<AuditEvent> forbiddenFor(String serviceAccount) {
    String user = "system:serviceaccount:" + ChartOperatorAccount.NAMESPACE + ":" + serviceAccount;
    return RealCluster.controlPlane().auditEvents().stream()
        .filter(e -> e.user().equals(user))
        .filter(AuditEvent::forbidden)
        .toList();
  }

  private static WorkloadBudgetStatus awaitStatus(Predicate<WorkloadBudgetStatus> until) {
    return ClusterOperator.awaitValue(
        () -> {
          WorkloadBudget budget =
              RealCluster.admin().resources(WorkloadBudget.class).withName("rbac-control").get();
          return budget == null ? null : budget.getStatus();
        },
        s -> s != null && until.test(s));
  }

  /** The same account under other names, so the chart's own stays as it is. */
  private static List<HasMetadata> renamed(List<HasMetadata> manifests) {
    for (HasMetadata item : manifests) {
      item.getMetadata().setName(item.getMetadata().getName() + SUFFIX);
      item.getMetadata().setResourceVersion(null);
      if (item instanceof ClusterRoleBinding binding) {
        binding.getRoleRef().setName(binding.getRoleRef().getName() + SUFFIX);
        binding.getSubjects().forEach(ChartRbacOnRealClusterTest::rename);
      } else if (item instanceof RoleBinding binding) {
        binding.getRoleRef().setName(binding.getRoleRef().getName() + SUFFIX);
        binding.getSubjects().forEach(ChartRbacOnRealClusterTest::rename);
      }
    }
    return manifests;
  }

  private static void rename(Subject subject) {
    if ("ServiceAccount".equals(subject.getKind())) {
      subject.setName(subject.getName() + SUFFIX);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
