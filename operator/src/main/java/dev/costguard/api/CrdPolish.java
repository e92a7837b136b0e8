package dev.costguard.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A build step after fabric8's CRD generator (process-classes, see operator/pom.xml) for what the
 * generator does not do (7.5.2):
 *
 * <ul>
 *   <li>printer columns in the order the {@code @AdditionalPrinterColumn}s are declared (the
 *       generator sorts them by JSON path, so {@code kubectl get scalepol} printed MAX before MIN);
 *   <li>category {@code costguard}, so {@code kubectl get costguard} lists all four kinds;
 *   <li>descriptions for {@code kubectl explain}: the kind, {@code spec} and {@code status} from
 *       the classes' {@code @JsonClassDescription}, the fields of conditions and label selectors
 *       from their Kubernetes meaning;
 *   <li>bounds on label selectors' lists, so their CEL rules fit the API server's cost budget;
 *   <li>condition lists as {@code x-kubernetes-list-type: map} keyed by {@code type}, as
 *       metav1.Condition lists are, so server-side apply merges them by type.
 * </ul>
 *
 * Run with the generated-CRD directory as argument; rewrites the files in place.
 */
public final class CrdPolish {
  public static final String CATEGORY = "costguard";
  static final List<Class<? extends CustomResource<?, ?>>> KINDS =
      List.of(
          PriceCatalog.class, WorkloadBudget.class, ScalingPolicy.class, ShutdownSchedule.class);

  private static final Map<String, String> CONDITION_FIELDS =
      Map.of(
          "type", "Type of the condition, e.g. Ready, Stalled, Reconciling, Degraded.",
          "status", "True, False or Unknown.",
          "reason",
              "One CamelCase word a program can match on, saying why the condition has its status.",
          "message",
              "What a person needs to know about the condition, e.g. what to change when it is False.",
          "lastTransitionTime", "When the status last changed (RFC 3339).",
          "observedGeneration", "The metadata.generation the condition was set for.");

  private static final Map<String, String> SELECTOR_FIELDS =
      Map.of(
          "matchLabels",
              "Labels that must all match exactly (key: value); combined with matchExpressions by AND.",
          "matchExpressions",
              "Label requirements that must all hold; combined with matchLabels by AND.",
          "key", "The label key the requirement applies to.",
          "operator", "In, NotIn, Exists or DoesNotExist.",
          "values", "Label values: non-empty for In and NotIn, empty for Exists and DoesNotExist.");

  /**
   * Bounds on every label selector's lists. The API server estimates the cost of a CEL rule from
   * the largest list the schema allows; the selector rule ({@code
   * SchemaPatterns.SELECTOR_VALUES_RULE}) over fabric8's unbounded LabelSelector was 1.7x over the
   * per-rule budget, so the CRD was refused. 32 expressions and 64 values per expression are far
   * beyond any real selector.
   */
  static final long SELECTOR_MAX_ITEMS = 32;

  static final long SELECTOR_MAX_VALUES = 64;

  private CrdPolish() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    for (Class<? extends CustomResource<?, ?>> kind : KINDS) {
      String plural = io.fabric8.kubernetes.api.model.HasMetadata.getPlural(kind);
      Path file =
          dir.resolve(
              plural
                  + "."
                  + io.fabric8.kubernetes.api.model.HasMetadata.getGroup(kind)
                  + "-v1.yml");
      CustomResourceDefinition crd =
          Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
      polish(crd, kind);
      String yaml = Serialization.asYaml(crd);
      Files.writeString(
          file,
          "# Generated from the Java model in dev.costguard.api.v1alpha1 by the build (make crds); do not edit.\n"
              + (yaml.startsWith("---\n") ? yaml.substring(4) : yaml));
    }
  }

  static void polish(CustomResourceDefinition crd, Class<? extends CustomResource<?, ?>> kind) {
    List<String> categories =
        new ArrayList<>(
            crd.getSpec().getNames().getCategories() == null
                ? List.of()
                : crd.getSpec().getNames().getCategories());
    if (!categories.contains(CATEGORY)) {
      categories.add(CATEGORY);
    }
    crd.getSpec().getNames().setCategories(categories);
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version.setAdditionalPrinterColumns(
          inDeclaredOrder(version.getAdditionalPrinterColumns(), kind));
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      describe(root, descriptionOf(kind, kind.getSimpleName() + ", a Costguard resource."));
      JSONSchemaProps spec = root.getProperties().get("spec");
      if (spec != null) {
        describe(
            spec,
            descriptionOf(
                typeArgument(kind, 0),
                "What this "
                    + kind.getSimpleName()
                    + " should do. Written by you; the operator never changes it."));
      }
      JSONSchemaProps status = root.getProperties().get("status");
      if (status != null) {
        describe(
            status,
            descriptionOf(
                typeArgument(kind, 1),
                "What the Costguard operator observed and did. Written by the operator only."));
        JSONSchemaProps conditions = status.getProperties().get("conditions");
        if (conditions != null) {
          conditionList(conditions);
        }
      }
      selectors(root);
    }
  }

  private static List<CustomResourceColumnDefinition> inDeclaredOrder(
      List<CustomResourceColumnDefinition> columns, Class<?> kind) {
    if (columns == null) {
      return null;
    }
    List<String> declared =
        java.util.Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    List<CustomResourceColumnDefinition> sorted = new ArrayList<>(columns);
    sorted.sort(
        Comparator.comparingInt(
            c -> {
              int at = declared.indexOf(c.getName());
              return at < 0 ? declared.size() : at;
            }));
    return sorted;
  }

  private static void conditionList(JSONSchemaProps conditions) {
    conditions.setXKubernetesListType("map");
    conditions.setXKubernetesListMapKeys(List.of("type"));
    JSONSchemaProps item = conditions.getItems().getSchema();
    describe(item, "A standard Kubernetes condition (metav1.Condition).");
    List<String> required =
        new ArrayList<>(item.getRequired() == null ? List.of() : item.getRequired());
    for (String key : List.of("type", "status")) {
      if (!required.contains(key)) {
        required.add(key);
      }
    }
    item.setRequired(required);
    item.getProperties().forEach((name, field) -> describe(field, CONDITION_FIELDS.get(name)));
  }

  /** Every schema that has the shape of a metav1.LabelSelector gets the selector field texts. */
  private static void selectors(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    if (properties != null) {
      if (properties.containsKey("matchLabels") && properties.containsKey("matchExpressions")) {
        describe(properties.get("matchLabels"), SELECTOR_FIELDS.get("matchLabels"));
        properties.get("matchLabels").setMaxProperties(SELECTOR_MAX_ITEMS);
        JSONSchemaProps expressions = properties.get("matchExpressions");
        describe(expressions, SELECTOR_FIELDS.get("matchExpressions"));
        expressions.setMaxItems(SELECTOR_MAX_ITEMS);
        if (expressions.getItems() != null
            && expressions.getItems().getSchema() != null
            && expressions.getItems().getSchema().getProperties() != null) {
          Map<String, JSONSchemaProps> requirement =
              expressions.getItems().getSchema().getProperties();
          requirement.forEach((name, field) -> describe(field, SELECTOR_FIELDS.get(name)));
          if (requirement.get("values") != null) {
            requirement.get("values").setMaxItems(SELECTOR_MAX_VALUES);
          }
        }
      }
      properties.values().forEach(CrdPolish::selectors);
    }
    if (schema.getItems() != null) {
      selectors(schema.getItems().getSchema());
    }
  }

  private static void describe(JSONSchemaProps schema, String description) {
    if (schema != null
        && description != null
        && (schema.getDescription() == null || schema.getDescription().isBlank())) {
      schema.setDescription(description);
    }
  }

  private static String descriptionOf(Class<?> type, String otherwise) {
    JsonClassDescription description =
        type == null ? null : type.getAnnotation(JsonClassDescription.class);
    return description == null ? otherwise : description.value();
  }

  /** The spec (0) or status (1) class of a CustomResource subclass. */
  private static Class<?> typeArgument(Class<?> kind, int index) {
    Type superclass = kind.getGenericSuperclass();
    if (superclass instanceof ParameterizedType parameterized
        && parameterized.getActualTypeArguments()[index] instanceof Class<?> type) {
      return type;
    }
    return null;
  }
}
