package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.kube.OriginalState;
import dev.costguard.kube.ProtectedNamespaces;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the cap holds and releases, and what it takes a workload to want, from the workloads as
 * read. Deployments in {@code ml}, each replica 1 USD/h.
 */
class CapPlannerTest {
  private static final String BUDGET = "ml-cap";
  private static final String HOLDER = CapPlanner.holder(BUDGET);

  @Test
  void aWorkloadNotYetCappedWantsItsReplicasAndIsHeldAtWhatIsAllowed() {
    Deployment api = deployment("api", 4, Map.of());
    assertThat(wanted(api)).isEqualTo(4);
    assertThat(steps(List.of(api), Map.of("api", 1)))
        .isEqualTo("hold Deployment ml/api /spec/replicas=1");
  }

  @Test
  void aCappedWorkloadWantsWhatItHadBeforeTheCapAndIsReleasedWhenAllowedIt() {
    Deployment api = held(deployment("api", 1, Map.of()), 4, 1);
    assertThat(wanted(api)).isEqualTo(4);
    assertThat(steps(List.of(api), Map.of("api", 4))).isEqualTo("release Deployment ml/api");
    assertThat(steps(List.of(api), Map.of("api", 1)))
        .as("already as allowed: the patcher sends nothing")
        .isEqualTo("hold Deployment ml/api /spec/replicas=1");
  }

  @Test
  void aPersonWhoSetsFewerReplicasIsKeptAndThatIsWhatItWants() {
    Deployment api = held(deployment("api", 0, Map.of()), 4, 2);
    assertThat(wanted(api)).isZero();
    assertThat(steps(List.of(api), Map.of("api", 0))).isEqualTo("release Deployment ml/api");
  }

  @Test
  void aPersonWhoSetsMoreReplicasIsCappedAgain() {
    Deployment api = held(deployment("api", 6, Map.of()), 4, 2);
    assertThat(wanted(api)).as("what it had before the cap").isEqualTo(4);
    assertThat(steps(List.of(api), Map.of("api", 2)))
        .isEqualTo("hold Deployment ml/api /spec/replicas=2");
  }

  @Test
  void aFieldAnotherHolderSetAfterTheCapIsLeftToIt() {
    Deployment api = held(deployment("api", 2, Map.of()), 4, 2);
    OriginalState state =
        OriginalState.of(api)
            .hold(
                "ShutdownSchedule/nightly",
                Map.of("/spec/replicas", IntNode.valueOf(0)),
                Serialization.jsonMapper().valueToTree(api));
    api.getMetadata()
        .setAnnotations(Map.of(CostguardApi.ORIGINAL_ANNOTATION, state.toAnnotationValue()));
    api.getSpec().setReplicas(0);
    assertThat(steps(List.of(api), Map.of("api", 1))).isEmpty();
  }

  @Test
  void thePriorityLabelOrdersTheCapAndABadOneCountsAsZeroAndIsReported() {
    Deployment gold = deployment("gold", 1, Map.of(CostguardApi.PRIORITY_LABEL, "7"));
    Deployment odd = deployment("odd", 1, Map.of(CostguardApi.PRIORITY_LABEL, "high"));
    CapPlanner.Targets targets = targets(List.of(gold, odd));
    assertThat(targets.targets().stream().map(t -> t.ref().name() + ":" + t.priority()))
        .containsExactly("gold:7", "odd:0");
    assertThat(targets.skipped())
        .singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("is not an integer"));
  }

  @Test
  void aWorkloadKedaScalesIsLeftOutItWouldOnlyFightKeda() {
    Deployment api = deployment("api", 2, Map.of());
    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler keda =
        new io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder()
            .withNewMetadata()
            .withNamespace("ml")
            .withName("keda-hpa-api")
            .addNewOwnerReference()
            .withApiVersion("keda.sh/v1alpha1")
            .withKind("ScaledObject")
            .withName("api")
            .withUid("1")
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withNewScaleTargetRef()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName("api")
            .endScaleTargetRef()
            .withMaxReplicas(5)
            .endSpec()
            .build();
    ObservedWorkloads observed =
        new ObservedWorkloads(
            List.of(api),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(keda),
            List.of(),
            List.of());
    BudgetScope scope =
        new BudgetScope(
            Set.of("ml"),
            new ProtectedNamespaces(Set.of("kube-system")),
            null,
            null,
            observed.all().toList());
    assertThat(CapPlanner.targets(BUDGET, scope, observed, t -> BigDecimal.ONE).targets())
        .isEmpty();
  }

  @Test
  void criticalWorkloadsAreNeverTargets() {
    Deployment db = deployment("db", 2, Map.of(CostguardApi.CRITICAL_LABEL, "true"));
    assertThat(targets(List.of(db)).targets()).isEmpty();
  }

  @Test
  void turningTheCapOffReleasesEveryCapHoldAndNothingElse() {
    Deployment api = held(deployment("api", 1, Map.of()), 4, 1);
    Deployment web = deployment("web", 3, Map.of());
    assertThat(
            CapPlanner.releaseAll(BUDGET, observed(List.of(api, web))).stream()
                .map(s -> s.workload().name())
                .toList())
        .containsExactly("api");
  }

  private static int wanted(Deployment d) {
    return targets(List.of(d)).targets().get(0).wanted();
  }

  private static String steps(List<Deployment> deployments, Map<String, Integer> allowed) {
    CapPlanner.Targets targets = targets(deployments);
    Map<WorkloadRef, BudgetCap.Allowance> allowances = new HashMap<>();
    List<BudgetCap.Allowance> list =
        targets.targets().stream()
            .map(t -> new BudgetCap.Allowance(t.candidate(null), allowed.get(t.ref().name())))
            .toList();
    list.forEach(a -> allowances.put(a.candidate().workload(), a));
    BudgetCap.Decision decision =
        new BudgetCap.Decision(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, list, false);
    return CapPlanner.plan(BUDGET, targets.targets(), decision).stream()
        .map(
            s ->
                s.release()
                    ? "release " + s.workload()
                    : "hold "
                        + s.workload()
                        + " "
                        + s.changes().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")))
        .collect(Collectors.joining("; "));
  }

  private static CapPlanner.Targets targets(List<Deployment> deployments) {
    ObservedWorkloads observed = observed(deployments);
    BudgetScope scope =
        new BudgetScope(
            Set.of("ml"),
            new ProtectedNamespaces(Set.of("kube-system")),
            null,
            null,
            observed.all().toList());
    return CapPlanner.targets(BUDGET, scope, observed, t -> BigDecimal.ONE);
  }

  private static ObservedWorkloads observed(List<Deployment> deployments) {
    return new ObservedWorkloads(
        deployments, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** The deployment as the cap left it: held at {@code applied}, {@code original} before. */
  private static Deployment held(Deployment d, int original, int applied) {
    Deployment before =
        new DeploymentBuilder(d).editSpec().withReplicas(original).endSpec().build();
    OriginalState state =
        OriginalState.empty()
            .hold(
                HOLDER,
                Map.of("/spec/replicas", IntNode.valueOf(applied)),
                Serialization.jsonMapper().valueToTree(before));
    d.getMetadata()
        .setAnnotations(Map.of(CostguardApi.ORIGINAL_ANNOTATION, state.toAnnotationValue()));
    return d;
  }

  private static Deployment deployment(String name, int replicas, Map<String, String> labels) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace("ml")
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(name)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
