package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.sandbox.controlplane.KwokNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A budget's PreferSpot on the real scheduler: for each way a cloud marks spot nodes (Karpenter,
 * EKS, GKE and AKS labels; GKE and AKS also taint them), a spot-eligible Deployment gets the spot
 * preference and toleration, the Deployment controller rolls it out and the scheduler puts the new
 * pod on that style's spot node. Raising the limit restores the pod template exactly, and the pods
 * on tainted spot nodes go back to on-demand.
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
class SpotPlacementOnRealClusterTest {
  private static final String NS = "spot";

  /** Spot labels and taint of each style, and the label of its on-demand nodes. */
  private record Style(
      String name,
      Map<String, String> spotLabels,
      Taint taint,
      Map<String, String> onDemandLabels) {}

  private static final List<Style> STYLES =
      List.of(
          new Style(
              "karpenter",
              Map.of("karpenter.sh/capacity-type", "spot"),
              null,
              Map.of("karpenter.sh/capacity-type", "on-demand")),
          new Style(
              "eks",
              Map.of("eks.amazonaws.com/capacityType", "SPOT"),
              null,
              Map.of("eks.amazonaws.com/capacityType", "ON_DEMAND")),
          new Style(
              "gke",
              Map.of("cloud.google.com/gke-spot", "true"),
              new TaintBuilder()
                  .withKey("cloud.google.com/gke-spot")
                  .withValue("true")
                  .withEffect("NoSchedule")
                  .build(),
              Map.of()),
          new Style(
              "aks",
              Map.of("kubernetes.azure.com/scalesetpriority", "spot"),
              new TaintBuilder()
                  .withKey("kubernetes.azure.com/scalesetpriority")
                  .withValue("spot")
                  .withEffect("NoSchedule")
                  .build(),
              Map.of()));

  private static ClusterOperator operator;

  @AfterAll
  static void cleanUp() {
    RealCluster.admin().resources(WorkloadBudget.class).withName("spot-daily").delete();
    if (operator != null) {
      ClusterOperator.awaitValue(
          () ->
              RealCluster.admin().resources(WorkloadBudget.class).withName("spot-daily").get()
                  == null,
          gone -> gone);
      operator.close();
    }
    RealCluster.admin().namespaces().withName(NS).delete();
  }

  @Test
  void preferSpotMovesPodsOntoEachStylesSpotNodesAndUndoingRestoresTheTemplate() {
    RealCluster.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: spot}
        ---
        apiVersion: costguard.dev/v1alpha1
        kind: PriceCatalog
        metadata: {name: spot-usd}
        spec: {currency: USD, onDemand: {cpuCoreHour: 1, memoryGiBHour: 0}, spot: {discount: 0.6}}
        """);
    for (Style style : STYLES) {
      Map<String, String> onDemand = new LinkedHashMap<>(style.onDemandLabels());
      onDemand.put("pool", style.name());
      RealCluster.ensureNode(
          KwokNode.of("spot-" + style.name() + "-od", onDemand, List.of(), "16", "64Gi", 0));
      RealCluster.apply(
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: %1$s, namespace: spot, labels: {costguard.dev/spot-eligible: "true"}}
          spec:
            replicas: 1
            selector: {matchLabels: {app: %1$s}}
            template:
              metadata: {labels: {app: %1$s}}
              spec:
                nodeSelector: {pool: %1$s}
                containers: [{name: app, image: app, resources: {requests: {cpu: "1"}}}]
          """
              .formatted(style.name()));
    }
    for (Style style : STYLES) {
      RealCluster.awaitRunningPods(NS, "app=" + style.name(), 1);
      assertThat(nodesOf(style.name())).containsOnly("spot-" + style.name() + "-od");
    }
    // Spot capacity arrives after the pods run on-demand, as a node provisioner would add it.
    for (Style style : STYLES) {
      Map<String, String> spot = new LinkedHashMap<>(style.spotLabels());
      spot.put("pool", style.name());
      RealCluster.ensureNode(
          KwokNode.of(
              "spot-" + style.name() + "-spot",
              spot,
              style.taint() == null ? List.of() : List.of(style.taint()),
              "16",
              "64Gi",
              0));
    }
    Map<String, PodSpec> originals = new LinkedHashMap<>();
    STYLES.forEach(
        s -> originals.put(s.name(), deployment(s.name()).getSpec().getTemplate().getSpec()));

    operator =
        new ClusterOperator(
                RealCluster.operatorAccountConfig(),
                ClusterOperator.testConfig(),
                Instant.parse("2030-06-10T10:00:00Z"))
            .start();
    RealCluster.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: WorkloadBudget
        metadata: {name: spot-daily}
        spec:
          selector: {namespaces: [spot]}
          priceCatalogRef: spot-usd
          limit: {amount: 10, currency: USD}
          period: Daily
          timeZone: UTC
          thresholds:
            - {percent: 20, actions: [PreferSpot]}
        """);
    awaitStatus(s -> s.costPerHour != null && s.costPerHour.signum() > 0);
    operator.clock().set(Instant.parse("2030-06-10T11:00:00Z"));
    awaitStatus(s -> s.activeThresholds.contains(20));

    for (Style style : STYLES) {
      String spotNode = "spot-" + style.name() + "-spot";
      ClusterOperator.awaitValue(
          () -> runningNodesOf(style.name()), nodes -> nodes.equals(List.of(spotNode)));
      assertThat(deployment(style.name()).getMetadata().getAnnotations())
          .containsKey(CostguardApi.ORIGINAL_ANNOTATION);
    }

    RealCluster.admin()
        .resources(WorkloadBudget.class)
        .withName("spot-daily")
        .edit(
            b -> {
              b.getSpec().limit.amount = new java.math.BigDecimal("1000");
              return b;
            });
    awaitStatus(s -> s.activeThresholds.isEmpty() && s.actions.isEmpty());
    for (Style style : STYLES) {
      Deployment restored =
          ClusterOperator.awaitValue(
              () -> deployment(style.name()),
              d ->
                  d.getMetadata().getAnnotations() == null
                      || !d.getMetadata()
                          .getAnnotations()
                          .containsKey(CostguardApi.ORIGINAL_ANNOTATION));
      assertThat(restored.getSpec().getTemplate().getSpec())
          .as("%s template restored exactly", style.name())
          .isEqualTo(originals.get(style.name()));
      if (style.taint() != null) {
        ClusterOperator.awaitValue(
            () -> runningNodesOf(style.name()),
            nodes -> nodes.equals(List.of("spot-" + style.name() + "-od")));
      }
    }
  }

  private static Deployment deployment(String name) {
    return RealCluster.admin().apps().deployments().inNamespace(NS).withName(name).get();
  }

  private static List<String> nodesOf(String app) {
    return RealCluster.admin()
        .pods()
        .inNamespace(NS)
        .withLabel("app", app)
        .list()
        .getItems()
        .stream()
        .map(p -> p.getSpec().getNodeName())
        .toList();
  }

  /** Nodes of the app's pods, once exactly its new pods run (old ones gone). */
  private static List<String> runningNodesOf(String app) {
    List<Pod> pods =
        RealCluster.admin().pods().inNamespace(NS).withLabel("app", app).list().getItems();
    return pods.stream()
            .allMatch(
                p ->
                    p.getMetadata().getDeletionTimestamp() == null
                        && "Running".equals(p.getStatus().getPhase()))
        ? pods.stream().map(p -> p.getSpec().getNodeName()).toList()
        : List.of();
  }

  private static WorkloadBudgetStatus awaitStatus(Predicate<WorkloadBudgetStatus> until) {
    return ClusterOperator.awaitValue(
        () -> {
          WorkloadBudget budget =
              RealCluster.admin().resources(WorkloadBudget.class).withName("spot-daily").get();
          return budget == null ? null : budget.getStatus();
        },
        s -> s != null && until.test(s));
  }
}
