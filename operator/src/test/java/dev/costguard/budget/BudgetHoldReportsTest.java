package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.kube.Conditions;
import dev.costguard.kube.HoldConditions;
import dev.costguard.kube.KstatusConditions;
import dev.costguard.kube.ProtectedNamespaces;
import dev.costguard.kube.WorkloadPatcher;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a budget says about the workloads it may not or could not fully act on: protected namespaces
 * it selects, and annotation entries an undo ignored.
 */
class BudgetHoldReportsTest {
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
  void aBudgetSelectingAProtectedNamespaceSaysSoOnceAndChangesNothingThere() {
    harness.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: kube-system}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: coredns, namespace: kube-system}
        spec:
          replicas: 2
          selector: {matchLabels: {app: coredns}}
          template:
            metadata: {labels: {app: coredns}}
            spec: {containers: [{name: coredns, image: coredns}]}
        """);
    harness.apply(
        BudgetFleet.LADDER_BUDGET.replace("namespaces: [ml]", "namespaces: [ml, kube-system]"));

    WorkloadBudgetStatus reported =
        fleet.awaitStatus(
            "ml-daily",
            s -> Conditions.isTrue(s.conditions, HoldConditions.PROTECTED_NAMESPACES_SKIPPED));
    Condition skipped =
        Conditions.find(reported.conditions, HoldConditions.PROTECTED_NAMESPACES_SKIPPED)
            .orElseThrow();
    assertThat(skipped.getReason()).isEqualTo(ProtectedNamespaces.REASON);
    assertThat(skipped.getMessage())
        .contains("kube-system")
        .doesNotContain("ml,")
        .contains("spend is counted");
    assertThat(Conditions.isTrue(reported.conditions, Conditions.READY)).isTrue();

    at("2026-06-10T18:00:00Z"); // Suspend in force, hours past the event repeat interval
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(80));
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isZero();
    at("2026-06-10T19:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.accruedUntil.startsWith("2026-06-10T19"));
    assertThat(
            harness
                .client()
                .apps()
                .deployments()
                .inNamespace("kube-system")
                .withName("coredns")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
    assertThat(warnings(HoldConditions.PROTECTED_NAMESPACES_SKIPPED))
        .as("one Warning, sent once")
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));

    harness
        .client()
        .resources(WorkloadBudget.class)
        .withName("ml-daily")
        .edit(
            b -> {
              b.getSpec().selector.namespaces = List.of("ml");
              return b;
            });
    fleet.awaitStatus(
        "ml-daily",
        s -> Conditions.find(s.conditions, HoldConditions.PROTECTED_NAMESPACES_SKIPPED).isEmpty());
  }

  @Test
  void undoingAnActionRestoresOnlyHeldFieldsAndReportsAnInjectedOneAsDegraded() {
    harness.apply(BudgetFleet.LADDER_BUDGET);
    fleet.awaitStatus("ml-daily", s -> s.costPerHour != null);
    at("2026-06-10T17:00:00Z");
    fleet.awaitStatus("ml-daily", s -> s.activeThresholds.contains(70));
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(1);
    harness
        .client()
        .apps()
        .deployments()
        .inNamespace("ml")
        .withName("api")
        .edit(
            d -> {
              String held = d.getMetadata().getAnnotations().get(CostguardApi.ORIGINAL_ANNOTATION);
              d.getMetadata()
                  .getAnnotations()
                  .put(
                      CostguardApi.ORIGINAL_ANNOTATION,
                      held.replace(
                          "\"fields\":{",
                          "\"fields\":{\"/spec/template/spec/serviceAccountName\":"
                              + "{\"original\":\"cluster-admin\",\"applied\":null},"));
              return d;
            });

    setLimit("1000");
    WorkloadBudgetStatus degraded =
        fleet.awaitStatus(
            "ml-daily",
            s ->
                Conditions.find(s.conditions, KstatusConditions.DEGRADED)
                    .filter(c -> HoldConditions.IGNORED_ORIGINAL_FIELDS.equals(c.getReason()))
                    .isPresent());
    assertThat(Conditions.find(degraded.conditions, KstatusConditions.DEGRADED).get().getMessage())
        .contains("ml/Deployment/api")
        .contains("serviceAccountName");
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(4);
    assertThat(fleet.deployment("api").getSpec().getTemplate().getSpec().getServiceAccountName())
        .isNull();
    assertThat(
            harness.client().v1().events().inNamespace("ml").list().getItems().stream()
                .map(Event::getReason))
        .contains(WorkloadPatcher.IGNORED_ORIGINAL_FIELD);

    setLimit("100"); // holds again: the report of the earlier undo clears
    fleet.awaitStatus(
        "ml-daily",
        s ->
            !s.actions.isEmpty()
                && Conditions.find(s.conditions, KstatusConditions.DEGRADED).isEmpty());
  }

  private List<Event> warnings(String reason) {
    return harness.client().v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()) && "Warning".equals(e.getType()))
        .toList();
  }

  private void setLimit(String amount) {
    harness
        .client()
        .resources(WorkloadBudget.class)
        .withName("ml-daily")
        .edit(
            b -> {
              b.getSpec().limit.amount = new BigDecimal(amount);
              return b;
            });
  }

  private void at(String instant) {
    harness.clock().set(Instant.parse(instant));
  }
}
