package dev.costguard.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON merge patch body built from JSON pointers. It always carries the workload's {@code
 * resourceVersion}, so the API server rejects it (409) when the workload changed since it was read.
 * Pointers address object fields only (no list indices): Costguard holds whole fields.
 */
public final class WorkloadPatch {
  private final ObjectNode body = JsonNodeFactory.instance.objectNode();

  public WorkloadPatch(String resourceVersion) {
    body.putObject("metadata").put("resourceVersion", resourceVersion);
  }

  /** Sets the field at {@code pointer}; a missing or null value removes it. */
  public WorkloadPatch set(String pointer, JsonNode value) {
    String[] segments = pointer.substring(1).split("/");
    ObjectNode parent = body;
    for (int i = 0; i < segments.length - 1; i++) {
      String name = unescape(segments[i]);
      JsonNode child = parent.get(name);
      parent = child instanceof ObjectNode object ? object : parent.putObject(name);
    }
    JsonNode leaf =
        value == null || value.isMissingNode() ? JsonNodeFactory.instance.nullNode() : value;
    parent.set(unescape(segments[segments.length - 1]), leaf);
    return this;
  }

  /**
   * Replaces the field at {@code pointer}, whose value is {@code current}, with {@code value}. A
   * merge patch merges objects, so keys of {@code current} that {@code value} lacks are removed
   * explicitly: restoring {@code {a: 1}} over {@code {a: 1, b: 2}} must drop {@code b}.
   */
  public WorkloadPatch replace(String pointer, JsonNode current, JsonNode value) {
    return set(pointer, replacing(current, value));
  }

  private static JsonNode replacing(JsonNode current, JsonNode value) {
    if (!(current instanceof ObjectNode currentObject)
        || !(value instanceof ObjectNode valueObject)) {
      return value;
    }
    ObjectNode merged = JsonNodeFactory.instance.objectNode();
    currentObject
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!valueObject.has(name)) {
                merged.putNull(name);
              }
            });
    valueObject
        .fields()
        .forEachRemaining(
            field ->
                merged.set(
                    field.getKey(),
                    replacing(currentObject.get(field.getKey()), field.getValue())));
    return merged;
  }

  /** Sets an annotation; {@code null} removes it. */
  public WorkloadPatch annotation(String key, String value) {
    return set(
        "/metadata/annotations/" + escape(key),
        value == null ? null : JsonNodeFactory.instance.textNode(value));
  }

  public ObjectNode body() {
    return body.deepCopy();
  }

  public String toJson() {
    return body.toString();
  }

  /** Escapes a key for use as one JSON pointer segment (RFC 6901). */
  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static String unescape(String segment) {
    return segment.replace("~1", "/").replace("~0", "~");
  }
}
