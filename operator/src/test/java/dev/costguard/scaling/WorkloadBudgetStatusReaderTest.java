package dev.costguard.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.WorkloadBudget;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkloadBudgetStatusReaderTest {
  static final HasMetadata CHAT =
      Serialization.unmarshal(
          """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: chat, namespace: ml}
      spec:
        template:
          spec:
            containers:
              - name: chat
                resources:
                  requests: {cpu: "4", memory: 16Gi}
                  limits: {nvidia.com/gpu: "1"}
      """,
          Deployment.class);

  static WorkloadBudget budget(String status) {
    return Serialization.unmarshal(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: WorkloadBudget
        metadata: {name: inference}
        spec:
          selector: {namespaces: [ml]}
          limit: {amount: 60, currency: USD}
          period: Daily
          thresholds:
            - {percent: 50, actions: [Notify]}
            - {percent: 75, actions: [BlockScaleUp, PreferSpot]}
            - {percent: 100, actions: [ScaleToMinimum]}
        status:
        """
            + status,
        WorkloadBudget.class);
  }

  @Test
  void aBudgetThatHasNotAccruedSetsNoCap() {
    assertThat(WorkloadBudgetStatusReader.standingOf(budget("  conditions: []\n"), CHAT)).isEmpty();
  }

  @Test
  void remainingMoneyPeriodEndAndCostRateComeFromStatus() {
    BudgetStanding standing =
        WorkloadBudgetStatusReader.standingOf(
                budget(
                    """
          spent: 42.5
          costPerHour: 3.2
          periodEnd: "2026-06-11T00:00:00Z"
          activeThresholds: [50]
        """),
                CHAT)
            .orElseThrow();
    assertThat(standing.remaining()).isEqualByComparingTo("17.5");
    assertThat(standing.costPerHour()).isEqualByComparingTo("3.2");
    assertThat(standing.periodEnd()).isEqualTo(Instant.parse("2026-06-11T00:00:00Z"));
    assertThat(standing.currency()).isEqualTo("USD");
    assertThat(standing.blockScaleUp()).isFalse();
    assertThat(standing.scaleToMinimum()).isFalse();
  }

  @Test
  void activeThresholdsBringTheirActions() {
    BudgetStanding standing =
        WorkloadBudgetStatusReader.standingOf(
                budget(
                    """
          spent: 50
          periodEnd: "2026-06-11T00:00:00Z"
          activeThresholds: [50, 75]
        """),
                CHAT)
            .orElseThrow();
    assertThat(standing.blockScaleUp()).isTrue();
    assertThat(standing.scaleToMinimum()).isFalse();
  }

  @Test
  void anActionNamingThisWorkloadApplies() {
    BudgetStanding standing =
        WorkloadBudgetStatusReader.standingOf(
                budget(
                    """
          spent: 10
          periodEnd: "2026-06-11T00:00:00Z"
          actions:
            - {action: ScaleToMinimum, kind: Deployment, namespace: ml, name: chat}
            - {action: BlockScaleUp, kind: Deployment, namespace: ml, name: other}
        """),
                CHAT)
            .orElseThrow();
    assertThat(standing.scaleToMinimum()).isTrue();
    assertThat(standing.blockScaleUp()).isFalse();
  }
}
