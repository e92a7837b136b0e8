package dev.costguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.sandbox.CustomResourceDefinitions;
import dev.costguard.testing.RepoPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The committed crds/ must be what the build generates from the Java model. */
class CrdDriftTest {
  static final java.util.List<String> PLURALS = CustomResourceDefinitions.PLURALS;

  @ParameterizedTest(name = "crds/{0}.costguard.dev.yaml matches the model")
  @FieldSource("PLURALS")
  void committedCrdMatchesTheGeneratedOne(String plural) throws IOException {
    String generated;
    try (InputStream in =
        getClass().getResourceAsStream(CustomResourceDefinitions.resourcePath(plural))) {
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path committed = RepoPaths.crds().resolve(plural + ".costguard.dev.yaml");
    assertThat(committed).as("run `make crds` and commit crds/").exists();
    assertThat(Files.readString(committed))
        .as("crds/%s.costguard.dev.yaml is stale: run `make crds` and commit the result", plural)
        .isEqualTo(generated);
  }
}
