package dev.costguard.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.chart.ArgoCdHealthCheck;
import dev.costguard.kube.Conditions;
import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.Sandbox;
import dev.costguard.testing.Kstatus;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Flux (kstatus) and Argo CD (the chart's Lua health check) make of objects the operator
 * really wrote: the examples are Current and Healthy once reconciled; a schedule whose spec cannot
 * be acted on is Failed and Degraded with the operator's message.
 */
class KstatusConformanceTest {
  private static OperatorHarness harness;

  @BeforeAll
  static void startOperatorWithExamplesAndABrokenSchedule() {
    // As in the sandbox: the example GPU policy's Prometheus is on the allow-list (and not
    // running).
    harness =
        OperatorHarness.start(
            OperatorHarness.testConfig()
                .withPrometheusAllowedUrls(List.of(Sandbox.prometheusUrl(19090))),
            OperatorHarness.DEFAULT_START);
    Manifests.apply(harness.client(), FleetSeed.objects());
    RepoPaths.exampleFiles().forEach(harness::apply);
    harness.apply(BROKEN_SCHEDULE);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static final String BROKEN_SCHEDULE =
      """
      apiVersion: costguard.dev/v1alpha1
      kind: ShutdownSchedule
      metadata:
        name: lost-in-time
      spec:
        namespaceSelector: {matchLabels: {env: dev}}
        timeZone: Mars/Olympus_Mons
        sleep:
          - days: [Mon]
            from: "19:00"
            to: "07:00"
      """;

  @Test
  void everyReconciledExampleIsCurrentForKstatusAndHealthyForArgoCd() {
    List<Map<String, Object>> examples =
        awaitReconciled().stream().filter(o -> !name(o).equals("lost-in-time")).toList();

    assertThat(examples)
        .hasSizeGreaterThanOrEqualTo(6)
        .allSatisfy(
            object -> {
              assertThat(Kstatus.compute(object).status())
                  .as("kstatus of %s", name(object))
                  .isEqualTo(Kstatus.Status.Current);
              assertThat(ArgoCdHealthCheck.of(object).status())
                  .as("Argo CD health of %s", name(object))
                  .isEqualTo("Healthy");
            });
  }

  @Test
  void aScheduleWhoseSpecCannotBeActedOnIsStalledSoFluxFailsIt() {
    Map<String, Object> broken =
        awaitReconciled().stream()
            .filter(o -> name(o).equals("lost-in-time"))
            .findFirst()
            .orElseThrow();

    Kstatus.Result kstatus = Kstatus.compute(broken);
    assertThat(kstatus.status()).isEqualTo(Kstatus.Status.Failed);
    assertThat(kstatus.message()).contains("Mars/Olympus_Mons");
    ArgoCdHealthCheck.Health argo = ArgoCdHealthCheck.of(broken);
    assertThat(argo.status()).isEqualTo("Degraded");
    assertThat(argo.message()).contains("Mars/Olympus_Mons");
  }

  @Test
  void fixingTheSpecClearsStalled() {
    awaitReconciled();
    harness.apply(
        BROKEN_SCHEDULE
            .replace("Mars/Olympus_Mons", "Europe/Berlin")
            .replace("lost-in-time", "found-in-time"));

    Map<String, Object> fixed =
        harness.awaitValue(
            () ->
                objects().stream()
                    .filter(o -> name(o).equals("found-in-time"))
                    .findFirst()
                    .orElse(Map.of()),
            o ->
                !o.isEmpty()
                    && Kstatus.compute(o).status() == Kstatus.Status.Current
                    && o.get("status") != null);
    assertThat(conditionTypes(fixed))
        .contains(Conditions.READY)
        .doesNotContain("Stalled", "Reconciling");
  }

  /** Every Costguard object, once each has a status for its generation. */
  static List<Map<String, Object>> awaitReconciled() {
    return harness.awaitValue(
        KstatusConformanceTest::objects,
        all ->
            !all.isEmpty()
                && all.stream()
                    .allMatch(
                        o ->
                            o.get("status") instanceof Map<?, ?> status
                                && status.get("observedGeneration") != null));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects() {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Class<? extends CustomResource<?, ?>> kind :
        List.of(
            PriceCatalog.class,
            WorkloadBudget.class,
            ScalingPolicy.class,
            ShutdownSchedule.class)) {
      harness
          .client()
          .resources(kind)
          .inAnyNamespace()
          .list()
          .getItems()
          .forEach(o -> all.add(Serialization.jsonMapper().convertValue(o, Map.class)));
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static String name(Map<String, Object> object) {
    return (String) ((Map<String, Object>) object.get("metadata")).get("name");
  }

  @SuppressWarnings("unchecked")
  private static List<String> conditionTypes(Map<String, Object> object) {
    List<Map<String, Object>> conditions =
        (List<Map<String, Object>>) ((Map<String, Object>) object.get("status")).get("conditions");
    return conditions.stream().map(c -> (String) c.get("type")).toList();
  }
}
