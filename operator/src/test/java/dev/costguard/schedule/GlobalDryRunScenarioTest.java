package dev.costguard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.kube.Conditions;
import dev.costguard.testing.OperatorHarness;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator-wide --dry-run: an Enforce schedule reports what would sleep and writes nothing. */
class GlobalDryRunScenarioTest {
  @Test
  void globalDryRunWritesNoWorkload() throws InterruptedException {
    try (OperatorHarness harness =
        OperatorHarness.start(
            OperatorHarness.testConfig().withDryRun(true), Instant.parse("2026-06-10T21:00:00Z"))) {
      harness.apply(
          """
          apiVersion: v1
          kind: Namespace
          metadata: {name: dev}
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: api, namespace: dev}
          spec:
            replicas: 2
            selector: {matchLabels: {app: api}}
            template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c, image: x}]}}
          ---
          apiVersion: costguard.dev/v1alpha1
          kind: ShutdownSchedule
          metadata: {name: nights}
          spec:
            namespaces: [dev]
            timeZone: UTC
            sleep: [{days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], from: "20:00", to: "06:00"}]
          """);
      ShutdownSchedule reported =
          harness.awaitValue(
              () -> harness.client().resources(ShutdownSchedule.class).withName("nights").get(),
              s ->
                  s.getStatus() != null
                      && Conditions.isTrue(
                          s.getStatus().conditions, ShutdownScheduleReconciler.DRY_RUN));
      assertThat(
              Conditions.find(reported.getStatus().conditions, ShutdownScheduleReconciler.DRY_RUN)
                  .get())
          .satisfies(c -> assertThat(c.getReason()).isEqualTo("GlobalDryRun"))
          .satisfies(c -> assertThat(c.getMessage()).contains("dev/Deployment/api"));
      Thread.sleep(1500);
      assertThat(
              harness
                  .client()
                  .apps()
                  .deployments()
                  .inNamespace("dev")
                  .withName("api")
                  .get()
                  .getSpec()
                  .getReplicas())
          .isEqualTo(2);
      assertThat(
              harness.requests().stream()
                  .filter(
                      r ->
                          List.of("PATCH", "PUT").contains(r.method())
                              && r.path().contains("/deployments")))
          .isEmpty();
    }
  }
}
