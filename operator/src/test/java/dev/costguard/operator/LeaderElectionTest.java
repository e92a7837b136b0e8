package dev.costguard.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.sandbox.MockCluster;
import dev.costguard.testing.MutableClock;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.OperatorRequestLog;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
  private static final String CATALOG =
      """
      apiVersion: costguard.dev/v1alpha1
      kind: PriceCatalog
      metadata: {name: eur}
      spec: {currency: EUR, onDemand: {cpuCoreHour: 0.03, memoryGiBHour: 0.004}}
      """;

  private static double reconciliationsStarted(CostguardOperator operator) {
    return operator.registry().find("operator.sdk.reconciliations.started").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Test
  void onlyTheLeaseHolderReconcilesAndTheStandbyTakesOverWhenItStops() {
    try (MockCluster cluster = MockCluster.start();
        KubernetesClient firstClient =
            OperatorClient.withConfig(cluster.client().getConfiguration());
        KubernetesClient secondClient =
            OperatorClient.withConfig(cluster.client().getConfiguration())) {
      OperatorConfig config =
          new OperatorConfig(
              Set.of(),
              "costguard-system",
              Set.of(),
              0,
              true,
              "costguard-operator",
              "",
              Duration.ofSeconds(1),
              false,
              List.of(),
              "",
              "team",
              Duration.ofSeconds(5),
              false,
              "");
      MutableClock clock = new MutableClock(OperatorHarness.DEFAULT_START);
      CostguardOperator first = new CostguardOperator(firstClient, config, clock).start();
      Lease lease =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () ->
                      cluster
                          .client()
                          .leases()
                          .inNamespace("costguard-system")
                          .withName("costguard-operator")
                          .get(),
                  l -> l != null && l.getSpec().getHolderIdentity() != null);
      CostguardOperator second = new CostguardOperator(secondClient, config, clock).start();
      try {
        cluster
            .client()
            .resource(
                cluster
                    .client()
                    .getKubernetesSerialization()
                    .unmarshal(CATALOG, PriceCatalog.class))
            .create();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    cluster.client().resources(PriceCatalog.class).withName("eur").get().getStatus()
                        != null);
        assertThat(reconciliationsStarted(first)).isPositive();
        assertThat(reconciliationsStarted(second)).as("the standby reconciles nothing").isZero();
        assertThat(first.isReady()).isTrue();
        assertThat(second.isReady()).as("a standby is ready, so rolling updates proceed").isTrue();

        first.close();
        Lease next =
            await()
                .atMost(Duration.ofSeconds(40))
                .until(
                    () ->
                        cluster
                            .client()
                            .leases()
                            .inNamespace("costguard-system")
                            .withName("costguard-operator")
                            .get(),
                    l ->
                        !l.getSpec()
                            .getHolderIdentity()
                            .equals(lease.getSpec().getHolderIdentity()));
        assertThat(next.getSpec().getHolderIdentity()).isNotBlank();
        await().atMost(Duration.ofSeconds(20)).until(() -> reconciliationsStarted(second) > 0);
      } finally {
        first.close();
        second.close();
        OperatorRequestLog.record(cluster.drainRequests());
      }
    }
  }
}
