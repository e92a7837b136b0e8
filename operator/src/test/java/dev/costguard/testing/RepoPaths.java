package dev.costguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Folders of the repository that tests read: examples, committed CRDs, fixtures. */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    return Path.of(System.getProperty("costguard.repoRoot", "..")).toAbsolutePath().normalize();
  }

  public static Path examples() {
    return root().resolve("examples");
  }

  public static Path crds() {
    return root().resolve("crds");
  }

  /** Every YAML file under examples/, sorted, including sub-folders. */
  public static List<Path> exampleFiles() {
    try (Stream<Path> files = Files.walk(examples())) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
