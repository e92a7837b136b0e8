package dev.costguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** What kubectl shows of the committed CRDs: get columns, get costguard, explain. */
class CrdKubectlTest {
  static final List<String> PLURALS = CrdDriftTest.PLURALS;

  private static CustomResourceDefinitionVersion version(String plural) throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(RepoPaths.crds().resolve(plural + ".costguard.dev.yaml")),
            CustomResourceDefinition.class);
    return crd.getSpec().getVersions().get(0);
  }

  private static List<String> columns(String plural, int priority) throws IOException {
    return version(plural).getAdditionalPrinterColumns().stream()
        .filter(c -> c.getPriority() == null ? priority == 0 : c.getPriority() <= priority)
        .map(CustomResourceColumnDefinition::getName)
        .map(String::toUpperCase)
        .toList();
  }

  @Test
  void kubectlGetPrintsTheColumnsInTheOrderTheyAreDeclared() throws IOException {
    assertThat(columns("workloadbudgets", 0))
        .containsExactly("LIMIT", "CURRENCY", "SPENT", "FORECAST", "UTILIZATION", "READY", "AGE");
    assertThat(columns("scalingpolicies", 0))
        .containsExactly(
            "TARGET", "MIN", "MAX", "CURRENT", "DESIRED", "LIMITED-BY", "READY", "AGE");
    assertThat(columns("shutdownschedules", 0))
        .containsExactly("STATE", "NEXT-TRANSITION", "SLEEPING", "SAVINGS", "READY", "AGE");
    assertThat(columns("pricecatalogs", 0)).containsExactly("CURRENCY", "DEFAULT", "READY", "AGE");
  }

  @ParameterizedTest(name = "{0}: -o wide adds the Ready message as STATUS")
  @FieldSource("PLURALS")
  void wideOutputShowsTheReadyMessage(String plural) throws IOException {
    CustomResourceColumnDefinition status =
        version(plural).getAdditionalPrinterColumns().stream()
            .filter(c -> c.getName().equals("Status"))
            .findFirst()
            .orElseThrow();
    assertThat(status.getPriority()).isEqualTo(1);
    assertThat(status.getJsonPath()).isEqualTo(".status.conditions[?(@.type==\"Ready\")].message");
    assertThat(columns(plural, 1)).endsWith("READY", "STATUS", "AGE");
  }

  @ParameterizedTest(name = "{0} is in category costguard")
  @FieldSource("PLURALS")
  void kubectlGetCostguardListsEveryKind(String plural) throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(RepoPaths.crds().resolve(plural + ".costguard.dev.yaml")),
            CustomResourceDefinition.class);
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("costguard");
  }

  @ParameterizedTest(name = "{0}: every field has a description for kubectl explain")
  @FieldSource("PLURALS")
  void everySchemaFieldHasADescription(String plural) throws IOException {
    List<String> bare = new ArrayList<>();
    collectUndescribed(version(plural).getSchema().getOpenAPIV3Schema(), plural, bare);
    assertThat(bare)
        .as("fields without a description (add @JsonPropertyDescription in api.v1alpha1)")
        .isEmpty();
  }

  @Test
  void kubectlExplainSaysWhatEachKindsSpecAndStatusAre() throws IOException {
    List<String> texts = new ArrayList<>();
    for (var kind : CrdPolish.KINDS) {
      String plural = io.fabric8.kubernetes.api.model.HasMetadata.getPlural(kind);
      Map<String, JSONSchemaProps> root =
          version(plural).getSchema().getOpenAPIV3Schema().getProperties();
      var types = (java.lang.reflect.ParameterizedType) kind.getGenericSuperclass();
      for (int i = 0; i < 2; i++) {
        Class<?> type = (Class<?>) types.getActualTypeArguments()[i];
        JsonClassDescription declared = type.getAnnotation(JsonClassDescription.class);
        assertThat(declared)
            .as(type.getSimpleName() + " needs a @JsonClassDescription for kubectl explain")
            .isNotNull();
        String description = root.get(i == 0 ? "spec" : "status").getDescription();
        assertThat(description).isEqualTo(declared.value());
        texts.add(description);
      }
    }
    assertThat(texts).as("no two kinds share a generic text").doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}: conditions are a map keyed by type")
  @FieldSource("PLURALS")
  void conditionsAreAListMapKeyedByType(String plural) throws IOException {
    JSONSchemaProps conditions =
        version(plural)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status")
            .getProperties()
            .get("conditions");
    assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
    assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
    assertThat(conditions.getItems().getSchema().getRequired()).contains("type", "status");
  }

  @Test
  void theDescriptionCheckFindsABareField() {
    JSONSchemaProps schema = new JSONSchemaProps();
    schema.setDescription("root");
    JSONSchemaProps bare = new JSONSchemaProps();
    schema.setProperties(Map.of("spec", bare));
    List<String> found = new ArrayList<>();
    collectUndescribed(schema, "x", found);
    assertThat(found).containsExactly("x.spec");
  }

  /**
   * Named fields (object properties, at any depth, through arrays and maps) without a description.
   */
  private static void collectUndescribed(JSONSchemaProps schema, String path, List<String> into) {
    if (schema == null) {
      return;
    }
    if (schema.getDescription() == null || schema.getDescription().isBlank()) {
      into.add(path);
    }
    walkChildren(schema, path, into);
  }

  private static void walkChildren(JSONSchemaProps schema, String path, List<String> into) {
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach((name, field) -> collectUndescribed(field, path + "." + name, into));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      walkChildren(schema.getItems().getSchema(), path + "[]", into);
    }
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      walkChildren(schema.getAdditionalProperties().getSchema(), path + "{}", into);
    }
  }
}
