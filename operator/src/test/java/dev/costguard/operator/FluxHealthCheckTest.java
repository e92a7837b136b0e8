package dev.costguard.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.Sandbox;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Flux {@code healthCheckExprs} the chart ships ({@code files/flux-kustomization.yaml}),
 * evaluated by Flux's own code (github.com/fluxcd/pkg/runtime/cel, built from tools/fluxhealth) on
 * objects the operator wrote: the examples are Current, a schedule whose spec cannot be acted on is
 * Failed, and the shapes of status kstatus gets wrong on its own are not Current.
 */
@Tag("integration")
class FluxHealthCheckTest {
  private static final Path EXPRS =
      RepoPaths.root().resolve("helm/costguard/files/flux-kustomization.yaml");

  @Test
  void theChartsExpressionsCoverEveryKind() throws Exception {
    String text = Files.readString(EXPRS);
    for (String kind : KINDS) {
      assertThat(text).contains("kind: " + kind + "\n");
    }
  }

  @Test
  void fluxJudgesObjectsTheOperatorWroteAsTheirStatusSays() throws Exception {
    Path tool = KstatusToolTest.buildGoTool("fluxhealth");
    try (OperatorHarness harness =
        OperatorHarness.start(
            OperatorHarness.testConfig()
                .withPrometheusAllowedUrls(List.of(Sandbox.prometheusUrl(19090))),
            OperatorHarness.DEFAULT_START)) {
      Manifests.apply(harness.client(), FleetSeed.objects());
      RepoPaths.exampleFiles().forEach(harness::apply);
      harness.apply(KstatusConformanceTest.BROKEN_SCHEDULE);
      List<Map<String, Object>> objects =
          harness.awaitValue(
              () -> KstatusToolTest.objectsOf(harness),
              all ->
                  all.size() >= 7
                      && all.stream()
                          .allMatch(
                              o ->
                                  o.get("status") instanceof Map<?, ?> s
                                      && s.get("observedGeneration") != null));

      Map<String, String> byFlux = run(tool, objects);

      assertThat(byFlux).hasSameSizeAs(objects);
      assertThat(byFlux.keySet().stream().map(k -> k.substring(0, k.indexOf('/'))))
          .as("every kind is judged")
          .containsAll(KINDS);
      assertThat(byFlux).containsEntry("ShutdownSchedule//lost-in-time", "Failed");
      assertThat(byFlux.entrySet())
          .filteredOn(e -> !e.getKey().endsWith("/lost-in-time"))
          .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo("Current"));
    }
  }

  @Test
  void theShapesKstatusGetsWrongAreNotCurrent() throws Exception {
    Path tool = KstatusToolTest.buildGoTool("fluxhealth");
    List<Map<String, Object>> cases =
        List.of(
            object("never-reconciled", 1, null),
            object("empty-status", 1, Map.of()),
            object("old-generation", 3, Map.of("observedGeneration", 2)),
            object(
                "ready-false-only",
                2,
                Map.of(
                    "observedGeneration",
                    2,
                    "conditions",
                    List.of(Map.of("type", "Ready", "status", "False", "observedGeneration", 2)))),
            object(
                "new-generation",
                2,
                Map.of(
                    "observedGeneration",
                    2,
                    "conditions",
                    List.of(
                        Map.of("type", "Ready", "status", "True", "observedGeneration", 1),
                        Map.of(
                            "type",
                            "Reconciling",
                            "status",
                            "True",
                            "reason",
                            "NewGeneration",
                            "observedGeneration",
                            2)))),
            object(
                "retrying",
                2,
                Map.of(
                    "observedGeneration",
                    2,
                    "conditions",
                    List.of(
                        Map.of("type", "Ready", "status", "True", "observedGeneration", 2),
                        Map.of("type", "Degraded", "status", "True", "observedGeneration", 2),
                        Map.of("type", "Reconciling", "status", "True", "observedGeneration", 2)))),
            object(
                "ready",
                2,
                Map.of(
                    "observedGeneration",
                    2,
                    "conditions",
                    List.of(Map.of("type", "Ready", "status", "True", "observedGeneration", 2)))));

    Map<String, String> byFlux = run(tool, cases);

    assertThat(byFlux)
        // No status at all: the expressions cannot read `status`; Flux reports the error and keeps
        // waiting (up to the Kustomization's timeout), never Current as kstatus alone says.
        .containsEntry("WorkloadBudget//never-reconciled", "Error")
        .containsEntry("WorkloadBudget//empty-status", "InProgress")
        .containsEntry("WorkloadBudget//old-generation", "InProgress")
        // kstatus alone: InProgress until Flux's timeout; with the expressions: Failed at once.
        .containsEntry("WorkloadBudget//ready-false-only", "Failed")
        .containsEntry("WorkloadBudget//new-generation", "InProgress")
        .containsEntry("WorkloadBudget//retrying", "InProgress")
        .containsEntry("WorkloadBudget//ready", "Current");
  }

  private static final List<String> KINDS =
      List.of("PriceCatalog", "WorkloadBudget", "ScalingPolicy", "ShutdownSchedule");

  private static Map<String, Object> object(
      String name, long generation, Map<String, Object> status) {
    Map<String, Object> object =
        new LinkedHashMap<>(
            Map.of(
                "apiVersion",
                "costguard.dev/v1alpha1",
                "kind",
                "WorkloadBudget",
                "metadata",
                Map.of("name", name, "generation", generation)));
    if (status != null) {
      object.put("status", status);
    }
    return object;
  }

  /** Runs the tool on the objects: "kind/namespace/name" to Flux's status (or Error). */
  private static Map<String, String> run(Path tool, List<Map<String, Object>> objects)
      throws Exception {
    Process process =
        new ProcessBuilder(tool.toString(), EXPRS.toString()).redirectErrorStream(true).start();
    process.getOutputStream().write(Serialization.jsonMapper().writeValueAsBytes(objects));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    Map<String, String> result = new LinkedHashMap<>();
    output
        .lines()
        .forEach(
            line -> {
              String[] parts = line.split(" ", 3);
              result.put(parts[0], parts[1]);
            });
    return result;
  }
}
