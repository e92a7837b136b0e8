package dev.costguard.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Applies YAML files the way {@code kubectl apply -f} would on the mock cluster. */
public final class Manifests {
  private Manifests() {}

  /**
   * Every object of every {@code .yaml}/{@code .yml} file in the folder (not recursive), in name
   * order.
   */
  public static List<HasMetadata> read(KubernetesClient client, Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .flatMap(f -> readFile(client, f).stream())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<HasMetadata> readFile(KubernetesClient client, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return List.copyOf(client.load(in).items());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates each object, or updates it when it exists. */
  public static void apply(KubernetesClient client, List<? extends HasMetadata> objects) {
    for (HasMetadata object : objects) {
      client.resource(object).createOr(NonDeletingOperation::update);
    }
  }
}
