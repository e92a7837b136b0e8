package dev.costguard.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.Sandbox;
import dev.costguard.testing.Kstatus;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kstatus itself (sigs.k8s.io/cli-utils v0.37.2, the library Flux's health checks use), built from
 * tools/kstatus with Go, on objects the operator wrote: it agrees with {@link Kstatus} (the rules
 * the unit tests apply) on every object, calls the examples Current and a schedule whose spec
 * cannot be acted on Failed.
 */
@Tag("integration")
class KstatusToolTest {

  @Test
  void kstatusAgreesWithTheRulesTheUnitTestsApplyOnObjectsTheOperatorWrote() throws Exception {
    Path tool = buildKstatus();
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
              () -> objectsOf(harness),
              all ->
                  all.size() >= 7
                      && all.stream()
                          .allMatch(
                              o ->
                                  o.get("status") instanceof Map<?, ?> s
                                      && s.get("observedGeneration") != null));

      Map<String, String> byKstatus = run(tool, objects);
      Map<String, String> byRules = new LinkedHashMap<>();
      objects.forEach(o -> byRules.put(key(o), Kstatus.compute(o).status().name()));

      assertThat(byKstatus).isEqualTo(byRules);
      assertThat(byKstatus).containsEntry("ShutdownSchedule//lost-in-time", "Failed");
      assertThat(byKstatus.entrySet())
          .filteredOn(e -> !e.getKey().endsWith("/lost-in-time"))
          .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo("Current"));
    }
  }

  @Test
  void kstatusAgreesWithTheRulesOnEveryShapeOfStatus() throws Exception {
    Path tool = buildKstatus();
    List<Map<String, Object>> cases =
        List.of(
            object("never-reconciled", 1, null, null),
            object("old-generation", 3, Map.of("observedGeneration", 2), null),
            object(
                "stalled",
                2,
                Map.of(
                    "observedGeneration",
                    2,
                    "conditions",
                    List.of(
                        Map.of("type", "Ready", "status", "False"),
                        Map.of("type", "Stalled", "status", "True", "message", "bad"))),
                null),
            object(
                "reconciling",
                2,
                Map.of(
                    "observedGeneration",
                    2,
                    "conditions",
                    List.of(
                        Map.of("type", "Reconciling", "status", "True", "message", "retrying"))),
                null),
            object("terminating", 2, Map.of("observedGeneration", 2), "2026-06-10T10:00:00Z"),
            object(
                "ready-false-only",
                2,
                Map.of(
                    "observedGeneration",
                    2,
                    "conditions",
                    List.of(Map.of("type", "Ready", "status", "False"))),
                null));
    Map<String, String> byRules = new LinkedHashMap<>();
    cases.forEach(o -> byRules.put(key(o), Kstatus.compute(o).status().name()));

    assertThat(run(tool, cases)).isEqualTo(byRules);
    // Facts worth knowing, from kstatus itself: Ready=False alone is InProgress (Flux waits for
    // its timeout; Stalled makes it fail at once), and an object the operator has not yet written
    // a status for is Current.
    assertThat(byRules)
        .containsEntry("WorkloadBudget//ready-false-only", "InProgress")
        .containsEntry("WorkloadBudget//never-reconciled", "Current");
  }

  private static Map<String, Object> object(
      String name, long generation, Map<String, Object> status, String deletion) {
    Map<String, Object> metadata =
        new LinkedHashMap<>(Map.of("name", name, "generation", generation));
    if (deletion != null) {
      metadata.put("deletionTimestamp", deletion);
    }
    Map<String, Object> object =
        new LinkedHashMap<>(
            Map.of(
                "apiVersion",
                "costguard.dev/v1alpha1",
                "kind",
                "WorkloadBudget",
                "metadata",
                metadata));
    if (status != null) {
      object.put("status", status);
    }
    return object;
  }

  @SuppressWarnings("unchecked")
  private static String key(Map<String, Object> object) {
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    return object.get("kind")
        + "/"
        + metadata.getOrDefault("namespace", "")
        + "/"
        + metadata.get("name");
  }

  static List<Map<String, Object>> objectsOf(OperatorHarness harness) {
    List<Map<String, Object>> all = new java.util.ArrayList<>();
    for (Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>> kind :
        List.of(
            dev.costguard.api.v1alpha1.PriceCatalog.class,
                dev.costguard.api.v1alpha1.WorkloadBudget.class,
            dev.costguard.api.v1alpha1.ScalingPolicy.class,
                dev.costguard.api.v1alpha1.ShutdownSchedule.class)) {
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

  /** Runs the tool on the objects: "kind/namespace/name" to kstatus's status. */
  private static Map<String, String> run(Path tool, List<Map<String, Object>> objects)
      throws Exception {
    Process process = new ProcessBuilder(tool.toString()).redirectErrorStream(true).start();
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

  /**
   * Builds tools/kstatus with Go into ~/.cache/costguard (keyed by the sources' hash, so a second
   * run reuses it); modules come from the Go module proxy.
   */
  static Path buildKstatus() throws IOException, InterruptedException {
    return buildGoTool("kstatus");
  }

  /** Builds the Go command in tools/{@code name} as {@link #buildKstatus()} does. */
  static Path buildGoTool(String name) throws IOException, InterruptedException {
    Path source = RepoPaths.root().resolve("tools").resolve(name);
    MessageDigest sha = sha256();
    for (String file : List.of("go.mod", "go.sum", "main.go")) {
      sha.update(Files.readAllBytes(source.resolve(file)));
    }
    Path binary =
        Path.of(
            System.getProperty("user.home"),
            ".cache",
            "costguard",
            name + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16));
    if (!Files.isExecutable(binary)) {
      Files.createDirectories(binary.getParent());
      Process go =
          new ProcessBuilder("go", "build", "-o", binary.toString(), ".")
              .directory(source.toFile())
              .redirectErrorStream(true)
              .start();
      String log = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(go.waitFor(10, TimeUnit.MINUTES)).as("go build of tools/" + name).isTrue();
      assertThat(go.exitValue())
          .as("go build of tools/%s (needs Go and the module proxy): %s", name, log)
          .isZero();
    }
    return binary;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
