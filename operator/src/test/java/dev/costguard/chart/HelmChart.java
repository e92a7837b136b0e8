package dev.costguard.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chart at helm/costguard, linted and rendered offline by Helm 3.16 (helm-java), with the
 * rendered manifests parsed by fabric8 so tests read typed objects, not text.
 */
final class HelmChart {
  static final String RELEASE = "costguard";
  static final String NAMESPACE = "costguard-system";

  private HelmChart() {}

  /**
   * The repository root: set by surefire (costguard.repoRoot), else the operator module's parent.
   */
  static Path repoRoot() {
    return Path.of(System.getProperty("costguard.repoRoot", "..")).toAbsolutePath().normalize();
  }

  static Path chartDir() {
    return repoRoot().resolve("helm/costguard");
  }

  static LintResult lintStrict() {
    return new Helm(chartDir()).lint().strict().call();
  }

  /** Renders with the default values. */
  static Rendered render() {
    return render("");
  }

  /**
   * Renders with values given as YAML (as a user would put them in a values file). Throws when Helm
   * refuses, e.g. on a schema violation or a template {@code fail}.
   */
  static Rendered render(String valuesYaml) {
    return new Rendered(parse(Serialization.<Object>unmarshal(template(valuesYaml))));
  }

  /** The raw output of helm template. */
  static String template(String valuesYaml) {
    try {
      Path values = Files.createTempFile("costguard-values", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        return new Helm(renderableChart())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withValuesFile(values)
            .call();
      } finally {
        Files.deleteIfExists(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path renderable;

  /**
   * The chart as helm-java 0.0.15 can render it: that version renders for Kubernetes v1.20 and has
   * no --kube-version, so the copy drops Chart.yaml's kubeVersion constraint (checked on its own by
   * a test). Everything else is the chart byte for byte.
   */
  private static synchronized Path renderableChart() throws IOException {
    if (renderable == null) {
      Path copy = Files.createTempDirectory("costguard-chart").resolve("costguard");
      try (Stream<Path> files = Files.walk(chartDir())) {
        for (Path source : files.toList()) {
          Path target = copy.resolve(chartDir().relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target);
          }
        }
      }
      Path chartYaml = copy.resolve("Chart.yaml");
      Files.writeString(
          chartYaml, Files.readString(chartYaml).replaceAll("(?m)^kubeVersion:.*\\R", ""));
      renderable = copy;
    }
    return renderable;
  }

  private static List<HasMetadata> parse(Object unmarshalled) {
    if (unmarshalled instanceof KubernetesList list) {
      return list.getItems();
    }
    if (unmarshalled instanceof List<?> list) {
      List<HasMetadata> items = new ArrayList<>();
      list.stream()
          .filter(HasMetadata.class::isInstance)
          .map(HasMetadata.class::cast)
          .forEach(items::add);
      return items;
    }
    if (unmarshalled instanceof HasMetadata one) {
      return List.of(one);
    }
    throw new IllegalStateException("unexpected rendering: " + unmarshalled);
  }

  /** The manifests of one rendering. */
  record Rendered(List<HasMetadata> items) {
    <T extends HasMetadata> Stream<T> all(Class<T> type) {
      return items.stream().filter(type::isInstance).map(type::cast);
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
      return all(type).filter(i -> i.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
      return find(type, name)
          .orElseThrow(
              () ->
                  new AssertionError(
                      "no " + type.getSimpleName() + " named " + name + " in " + names()));
    }

    /** Kinds fabric8 has no model for (ServiceMonitor, PrometheusRule). */
    Stream<GenericKubernetesResource> generic(String kind) {
      return all(GenericKubernetesResource.class).filter(g -> g.getKind().equals(kind));
    }

    List<String> names() {
      return items.stream().map(i -> i.getKind() + "/" + i.getMetadata().getName()).toList();
    }
  }
}
