package dev.costguard.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's crds/ are the CRDs generated from the Java model, byte for byte: compared with the
 * repository's top-level crds/ when it exists, else with what the fabric8 CRD generator wrote at
 * build time (operator/target/classes/META-INF/fabric8). Fix a difference by copying, e.g. {@code
 * cp crds/*.yaml helm/costguard/crds/}.
 */
class ChartCrdsTest {

  private static final List<String> PLURALS =
      List.of("pricecatalogs", "workloadbudgets", "scalingpolicies", "shutdownschedules");

  private static Path reference(String plural) {
    Path topLevel = HelmChart.repoRoot().resolve("crds").resolve(plural + ".costguard.dev.yaml");
    if (Files.exists(topLevel)) {
      return topLevel;
    }
    return HelmChart.repoRoot()
        .resolve("operator/target/classes/META-INF/fabric8")
        .resolve(plural + ".costguard.dev-v1.yml");
  }

  @Test
  void chartCrdsAreTheGeneratedCrdsByteForByte() throws IOException {
    for (String plural : PLURALS) {
      Path chart = HelmChart.chartDir().resolve("crds").resolve(plural + ".costguard.dev.yaml");
      Path reference = reference(plural);

      assertThat(reference).as("generated CRD (run mvn process-classes)").exists();
      assertThat(Files.readAllBytes(chart))
          .as(
              "%s differs from %s",
              HelmChart.repoRoot().relativize(chart), HelmChart.repoRoot().relativize(reference))
          .isEqualTo(Files.readAllBytes(reference));
    }
  }

  @Test
  void chartHoldsNoOtherCrd() throws IOException {
    try (Stream<Path> files = Files.list(HelmChart.chartDir().resolve("crds"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrderElementsOf(
              PLURALS.stream().map(p -> p + ".costguard.dev.yaml").toList());
    }
  }
}
