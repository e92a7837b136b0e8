package dev.costguard.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad {@code costguard.dev/*} annotations and labels from {@code adversarial/annotations.yaml}:
 * malformed {@code awake-until} times are reported on the schedule and ignored (the schedule
 * applies), and only the documented spellings of {@code exclude} and {@code critical} protect a
 * workload. One operator, one sleeping schedule, a namespace per case.
 */
class AdversarialAnnotationsTest {
  private static final Path FIXTURES = Path.of("src/test/resources/adversarial/annotations.yaml");
  private static OperatorHarness harness;

  static Stream<JsonNode> cases() {
    try {
      List<JsonNode> cases = new ArrayList<>();
      Serialization.unmarshal(Files.readString(FIXTURES), JsonNode.class)
          .get("cases")
          .forEach(cases::add);
      return cases.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void startWithASleepingSchedule() {
    harness = OperatorHarness.start(); // Wednesday 10:00 UTC
    var client = harness.client();
    cases()
        .forEach(
            c -> {
              String ns = "ann-" + c.get("name").asText();
              client
                  .namespaces()
                  .resource(
                      new NamespaceBuilder()
                          .withNewMetadata()
                          .withName(ns)
                          .addToLabels("costguard-suite", "annotations")
                          .addToLabels(strings(c.path("namespace").path("l")))
                          .addToAnnotations(strings(c.path("namespace").path("a")))
                          .endMetadata()
                          .build())
                  .create();
              client
                  .apps()
                  .deployments()
                  .inNamespace(ns)
                  .resource(
                      new DeploymentBuilder()
                          .withNewMetadata()
                          .withName("web")
                          .withNamespace(ns)
                          .addToLabels(strings(c.path("workload").path("l")))
                          .addToAnnotations(strings(c.path("workload").path("a")))
                          .endMetadata()
                          .withNewSpec()
                          .withReplicas(2)
                          .withNewSelector()
                          .addToMatchLabels("app", "web")
                          .endSelector()
                          .withNewTemplate()
                          .withNewMetadata()
                          .addToLabels("app", "web")
                          .endMetadata()
                          .withNewSpec()
                          .addNewContainer()
                          .withName("app")
                          .withImage("app")
                          .endContainer()
                          .endSpec()
                          .endTemplate()
                          .endSpec()
                          .build())
                  .create();
            });
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ShutdownSchedule
        metadata: {name: annotations}
        spec:
          namespaceSelector: {matchLabels: {costguard-suite: annotations}}
          timeZone: UTC
          sleep: [{days: [Wed], from: "09:00", to: "23:00"}]
          exclude: {matchLabels: {costguard.dev/critical: "true"}}
        """);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static Map<String, String> strings(JsonNode map) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theAnnotationIsReadAsDocumented(JsonNode c) {
    String ns = "ann-" + c.get("name").asText();
    int replicas = c.get("replicas").asInt();
    if (replicas == 0) {
      harness.awaitValue(() -> replicas(ns), r -> r == 0);
    } else {
      // Another namespace of the same schedule asleep means this one was judged in the same pass.
      harness.awaitValue(() -> replicas("ann-exclude-yes"), r -> r == 0);
      harness.awaitValue(() -> replicas(ns), r -> r == replicas);
    }
    if (c.has("warning")) {
      Event warning =
          harness
              .awaitValue(() -> warnings(c.get("warning").asText(), ns), w -> !w.isEmpty())
              .get(0);
      assertThat(warning.getMessage())
          .doesNotContain("\r")
          .doesNotContain("\n")
          .hasSizeLessThan(400);
    }
  }

  private static int replicas(String ns) {
    return harness
        .client()
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("web")
        .get()
        .getSpec()
        .getReplicas();
  }

  private static List<Event> warnings(String reason, String ns) {
    return harness.client().v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason()))
        .filter(
            e ->
                "annotations".equals(e.getInvolvedObject().getName())
                    && e.getMessage().contains(ns))
        .toList();
  }
}
