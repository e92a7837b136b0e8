package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRDs on a real API server: they install, every example is accepted, every invalid
 * fixture is rejected by the server itself (OpenAPI schema and CEL rules, within the server's CEL
 * cost budget), and kubectl shows the printer columns and explains the fields.
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
class CrdsOnTheApiServerTest {
  private static final Path INVALID = Path.of("src/test/resources/invalid");

  @BeforeAll
  static void namespaces() {
    Stream.concat(examples().map(d -> d.getMetadata().getNamespace()), Stream.of("ml"))
        .filter(ns -> ns != null)
        .distinct()
        .forEach(RealCluster::ensureNamespace);
  }

  @Test
  void everyCostguardCrdIsEstablished() throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.list(RepoPaths.crds())) {
      names = files.map(f -> f.getFileName().toString().replace(".yaml", "")).sorted().toList();
    }
    assertThat(names).hasSize(4);
    for (String name : names) {
      CustomResourceDefinition crd =
          RealCluster.admin().apiextensions().v1().customResourceDefinitions().withName(name).get();
      assertThat(RealCluster.established(crd)).as("%s established", name).isTrue();
    }
  }

  static Stream<GenericKubernetesResource> examples() {
    return RepoPaths.exampleFiles().stream()
        .flatMap(CrdsOnTheApiServerTest::documents)
        .filter(r -> r.getApiVersion().startsWith(CostguardApi.GROUP + "/"));
  }

  static Stream<Named<GenericKubernetesResource>> namedExamples() {
    return examples().map(r -> Named.of(r.getKind() + "/" + r.getMetadata().getName(), r));
  }

  @ParameterizedTest(name = "example {0} is accepted by the API server")
  @MethodSource("namedExamples")
  void exampleIsAcceptedByTheApiServer(GenericKubernetesResource example) {
    GenericKubernetesResource created = RealCluster.admin().resource(example).dryRun().create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
  }

  static Stream<Path> invalidFixtures() throws IOException {
    try (Stream<Path> files = Files.list(INVALID)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  /**
   * The fixture's {@code # server-expect:} line names the API server's own words where they differ
   * from the offline validator's ({@code # expect:}, which CEL messages share).
   */
  @ParameterizedTest(name = "invalid fixture {0} is rejected by the API server")
  @MethodSource("invalidFixtures")
  void invalidFixtureIsRejectedByTheApiServer(Path fixture) throws IOException {
    String text = Files.readString(fixture);
    String expected =
        text.lines()
            .filter(l -> l.startsWith("# server-expect: "))
            .findFirst()
            .or(() -> text.lines().filter(l -> l.startsWith("# expect: ")).findFirst())
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .orElseThrow();
    GenericKubernetesResource resource =
        Serialization.unmarshal(text, GenericKubernetesResource.class);
    assertThatThrownBy(() -> RealCluster.admin().resource(resource).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains(expected);
            });
  }

  @Test
  void kubectlGetPrintsThePrinterColumns() {
    Kubectl kubectl = RealCluster.kubectl();
    kubectl
        .runWithInput(
            read(RepoPaths.examples().resolve("budget-inference-daily.yaml")), "apply", "-f", "-")
        .ok();
    String table = kubectl.run("get", "workloadbudgets").ok().output();
    String header = table.lines().findFirst().orElse("");
    assertThat(header).contains("NAME", "LIMIT", "CURRENCY", "AGE");
    assertThat(table).contains("inference-daily");
  }

  @Test
  void kubectlExplainDocumentsTheFields() {
    String explained =
        RealCluster.kubectl().run("explain", "workloadbudgets.spec.limit").ok().output();
    assertThat(explained).contains("KIND:", "WorkloadBudget", "FIELD:", "limit");
    String description =
        RealCluster.admin()
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("workloadbudgets.costguard.dev")
            .get()
            .getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec")
            .getProperties()
            .get("limit")
            .getDescription();
    assertThat(description).isNotBlank();
    assertThat(explained.replaceAll("\\s+", " "))
        .contains(
            description.replaceAll("\\s+", " ").substring(0, Math.min(40, description.length())));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<GenericKubernetesResource> documents(Path file) {
    String text = read(file);
    return Stream.of(text.split("(?m)^---\\s*$"))
        .filter(part -> part.lines().anyMatch(l -> l.startsWith("kind:")))
        .map(part -> Serialization.unmarshal(part, GenericKubernetesResource.class));
  }
}
