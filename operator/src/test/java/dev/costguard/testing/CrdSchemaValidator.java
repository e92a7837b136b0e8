package dev.costguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.costguard.sandbox.CustomResourceDefinitions;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a custom resource the way the API server would, since the mock server does not: the
 * OpenAPI schema of the generated CRD (after applying its defaults), then every CEL rule in {@code
 * x-kubernetes-validations} with {@code self} bound to the value it is declared on.
 */
public final class CrdSchemaValidator {
  private static final CelCompiler CEL_COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          // Kubernetes' CEL list library; CEL-Java does not ship it.
          .addFunctionDeclarations(
              CelFunctionDecl.newFunctionDeclaration(
                  "isSorted",
                  CelOverloadDecl.newMemberOverload(
                      "list_isSorted", SimpleType.BOOL, ListType.create(SimpleType.DYN))))
          .build();
  private static final CelRuntime CEL_RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .addFunctionBindings(
              CelFunctionBinding.from("list_isSorted", List.class, CrdSchemaValidator::isSorted))
          .build();

  private final JsonNode openApiSchema;
  private final JsonSchema jsonSchema;

  private CrdSchemaValidator(CustomResourceDefinition crd) {
    this.openApiSchema =
        Serialization.jsonMapper()
            .valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    this.jsonSchema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(openApiSchema.deepCopy());
  }

  /** The validator for a kind, e.g. {@code WorkloadBudget}. */
  public static CrdSchemaValidator forKind(String kind) {
    return new CrdSchemaValidator(
        CustomResourceDefinitions.all().stream()
            .filter(crd -> crd.getSpec().getNames().getKind().equals(kind))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no CRD for kind " + kind)));
  }

  /** Every message the API server would reject the object with; empty when it is valid. */
  public List<String> validate(JsonNode object) {
    JsonNode defaulted = object.deepCopy();
    applyDefaults(openApiSchema, defaulted);
    List<String> problems = new ArrayList<>();
    for (ValidationMessage message : jsonSchema.validate(defaulted)) {
      problems.add(message.getMessage());
    }
    if (problems.isEmpty()) {
      checkRules(openApiSchema, defaulted, problems);
    }
    return problems;
  }

  private static void applyDefaults(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object && schema.has("properties")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        if (!object.has(property.getKey()) && property.getValue().has("default")) {
          object.set(property.getKey(), property.getValue().get("default").deepCopy());
        }
        if (object.has(property.getKey())) {
          applyDefaults(property.getValue(), object.get(property.getKey()));
        }
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(item -> applyDefaults(schema.get("items"), item));
    }
  }

  private static void checkRules(JsonNode schema, JsonNode value, List<String> problems) {
    if (schema.has("x-kubernetes-validations")) {
      for (JsonNode rule : schema.get("x-kubernetes-validations")) {
        if (!evaluate(rule.get("rule").asText(), toCel(schema, value))) {
          problems.add(rule.path("message").asText(rule.get("rule").asText()));
        }
      }
    }
    if (value.isObject() && schema.has("properties")) {
      schema
          .get("properties")
          .fields()
          .forEachRemaining(
              p -> {
                if (value.has(p.getKey())) {
                  checkRules(p.getValue(), value.get(p.getKey()), problems);
                }
              });
    } else if (value.isArray() && schema.has("items")) {
      value.forEach(item -> checkRules(schema.get("items"), item, problems));
    }
  }

  private static boolean evaluate(String rule, Object self) {
    try {
      CelAbstractSyntaxTree ast = CEL_COMPILER.compile(rule).getAst();
      return Boolean.TRUE.equals(CEL_RUNTIME.createProgram(ast).eval(Map.of("self", self)));
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException(
          "CEL rule does not evaluate: " + rule + ": " + e.getMessage(), e);
    }
  }

  /** JSON to CEL values, typed by the schema as the API server does (number fields are doubles). */
  private static Object toCel(JsonNode schema, JsonNode value) {
    String type = schema == null ? "" : schema.path("type").asText();
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value
          .fields()
          .forEachRemaining(
              f -> map.put(f.getKey(), toCel(propertySchema(schema, f.getKey()), f.getValue())));
      return map;
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(item -> list.add(toCel(schema == null ? null : schema.get("items"), item)));
      return list;
    }
    if (value.isNumber()) {
      return "number".equals(type) ? (Object) value.doubleValue() : (Object) value.longValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return value.asText();
  }

  private static JsonNode propertySchema(JsonNode schema, String name) {
    if (schema == null) {
      return null;
    }
    if (schema.has("properties") && schema.get("properties").has(name)) {
      return schema.get("properties").get(name);
    }
    return schema.get("additionalProperties");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean isSorted(List list) {
    for (int i = 1; i < list.size(); i++) {
      if (((Comparable) list.get(i - 1)).compareTo(list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }
}
