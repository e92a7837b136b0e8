package dev.costguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.testing.CrdSchemaValidator;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example is valid against the generated CRDs and parses into the typed model; every invalid
 * fixture is rejected with the message it names on its first line ({@code # expect: ...}).
 */
class ResourceValidationTest {
  private static final Path INVALID = Path.of("src/test/resources/invalid");

  static Stream<Document> examples() {
    return RepoPaths.exampleFiles().stream()
        .flatMap(ResourceValidationTest::documents)
        .filter(d -> d.json().path("apiVersion").asText().startsWith(CostguardApi.GROUP + "/"));
  }

  static Stream<Path> invalidFixtures() throws IOException {
    try (Stream<Path> files = Files.list(INVALID)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "example {0} is valid")
  @MethodSource("examples")
  void exampleIsAcceptedByTheSchemaAndParsesIntoTheModel(Document document) throws Exception {
    String kind = document.json().get("kind").asText();
    assertThat(CrdSchemaValidator.forKind(kind).validate(document.json())).isEmpty();
    Class<?> type = Class.forName("dev.costguard.api.v1alpha1." + kind);
    Object typed = Serialization.jsonMapper().treeToValue(document.json(), type);
    assertThat(Serialization.jsonMapper().valueToTree(typed).get("spec")).isNotNull();
  }

  @ParameterizedTest(name = "invalid fixture {0} is rejected")
  @MethodSource("invalidFixtures")
  void invalidFixtureIsRejectedWithItsMessage(Path fixture) throws IOException {
    String text = Files.readString(fixture);
    String firstLine = text.lines().findFirst().orElse("");
    assertThat(firstLine).as("first line names the expected message").startsWith("# expect: ");
    String expected = firstLine.substring("# expect: ".length()).trim();
    JsonNode json = Serialization.unmarshal(text, JsonNode.class);
    List<String> problems = CrdSchemaValidator.forKind(json.get("kind").asText()).validate(json);
    assertThat(problems)
        .as("problems of %s", fixture.getFileName())
        .anyMatch(p -> p.contains(expected));
  }

  /** One YAML document of a file, named by file and object for the test report. */
  record Document(String name, JsonNode json) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Stream<Document> documents(Path file) {
    try {
      String text = Files.readString(file);
      return Stream.of(text.split("(?m)^---\\s*$"))
          .filter(part -> part.lines().anyMatch(l -> l.startsWith("kind:")))
          .map(part -> Serialization.unmarshal(part, JsonNode.class))
          .map(
              json ->
                  new Document(
                      RepoPaths.examples().relativize(file)
                          + " "
                          + json.path("kind").asText()
                          + "/"
                          + json.path("metadata").path("name").asText(),
                      json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
