package dev.costguard.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What Costguard changed on a workload, kept on the workload itself in the annotation {@code
 * costguard.dev/original} so that it survives operator restarts and policy deletion.
 *
 * <p>The value is a JSON array of holds in the order they were taken. A hold names its holder (e.g.
 * {@code ShutdownSchedule/nightly}) and, per JSON pointer, the original value and the value
 * Costguard applied. When a holder releases a field that a later holder also holds, the field stays
 * as the later holder set it and the later hold inherits the true original, so releases in any
 * order end with exactly what was there before. A field whose current value is no longer what
 * Costguard applied was changed by a person; release keeps the person's value.
 */
public final class OriginalState {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Hold> holds;

  private OriginalState(List<Hold> holds) {
    this.holds = holds;
  }

  /** One holder's changes: pointer to the original and applied values. */
  public record Hold(String holder, Map<String, FieldChange> fields) {}

  /** The original value of a field ({@code null} node when it was absent) and what was applied. */
  public record FieldChange(JsonNode original, JsonNode applied) {}

  public static OriginalState empty() {
    return new OriginalState(new ArrayList<>());
  }

  /** The state recorded on {@code workload}'s {@code costguard.dev/original} annotation. */
  public static OriginalState of(io.fabric8.kubernetes.api.model.HasMetadata workload) {
    Map<String, String> annotations = workload.getMetadata().getAnnotations();
    return parse(
        annotations == null
            ? null
            : annotations.get(dev.costguard.api.v1alpha1.CostguardApi.ORIGINAL_ANNOTATION));
  }

  /**
   * Reads the annotation value. Throws {@link InvalidOriginalStateException} with a message a
   * person can act on when the value is not what Costguard writes.
   */
  public static OriginalState parse(String annotationValue) {
    if (annotationValue == null || annotationValue.isBlank()) {
      return empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(annotationValue);
    } catch (JsonProcessingException e) {
      throw new InvalidOriginalStateException("is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new InvalidOriginalStateException("must be a JSON array of holds");
    }
    List<Hold> holds = new ArrayList<>();
    for (JsonNode hold : root) {
      JsonNode holder = hold.get("holder");
      JsonNode fields = hold.get("fields");
      if (holder == null || !holder.isTextual() || fields == null || !fields.isObject()) {
        throw new InvalidOriginalStateException("each hold needs a holder and fields");
      }
      Map<String, FieldChange> changes = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getKey().startsWith("/") || !field.getValue().has("applied")) {
          throw new InvalidOriginalStateException(
              "field " + field.getKey() + " needs a JSON pointer and an applied value");
        }
        changes.put(
            field.getKey(),
            new FieldChange(
                nullToMissing(field.getValue().get("original")), field.getValue().get("applied")));
      }
      holds.add(new Hold(holder.asText(), changes));
    }
    return new OriginalState(holds);
  }

  public List<Hold> holds() {
    return List.copyOf(holds);
  }

  public boolean isEmpty() {
    return holds.isEmpty();
  }

  public boolean isHeldBy(String holder) {
    return holds.stream().anyMatch(h -> h.holder().equals(holder));
  }

  /** The annotation value, or {@code null} when nothing is held. */
  public String toAnnotationValue() {
    if (holds.isEmpty()) {
      return null;
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Hold hold : holds) {
      ObjectNode fields = JsonNodeFactory.instance.objectNode();
      hold.fields()
          .forEach(
              (pointer, change) -> {
                ObjectNode field = fields.putObject(pointer);
                field.set("original", change.original().isMissingNode() ? null : change.original());
                field.set("applied", change.applied());
              });
      array.addObject().put("holder", hold.holder()).set("fields", fields);
    }
    return array.toString();
  }

  /**
   * Records that {@code holder} sets each pointer to its value on the workload as it is now. A
   * pointer the holder already holds keeps its original: a second sleep never overwrites it.
   */
  public OriginalState hold(String holder, Map<String, JsonNode> changes, JsonNode workload) {
    List<Hold> updated = new ArrayList<>(holds);
    Hold existing = find(holder);
    Map<String, FieldChange> fields =
        existing == null ? new LinkedHashMap<>() : new LinkedHashMap<>(existing.fields());
    changes.forEach(
        (pointer, applied) -> {
          FieldChange previous = fields.get(pointer);
          JsonNode original = previous != null ? previous.original() : workload.at(pointer);
          fields.put(pointer, new FieldChange(original.deepCopy(), applied));
        });
    Hold replacement = new Hold(holder, fields);
    if (existing == null) {
      updated.add(replacement);
    } else {
      updated.set(updated.indexOf(existing), replacement);
    }
    return new OriginalState(updated);
  }

  /**
   * Releases everything {@code holder} holds on {@code workload}: which fields go back to which
   * value, which a person changed meanwhile (kept as they are), and the state left for other
   * holders.
   */
  public Release release(String holder, JsonNode workload) {
    Hold hold = find(holder);
    if (hold == null) {
      return new Release(Map.of(), List.of(), this);
    }
    List<Hold> remaining = new ArrayList<>(holds);
    int position = remaining.indexOf(hold);
    remaining.remove(position);
    Map<String, JsonNode> restore = new LinkedHashMap<>();
    List<String> keptUserChanges = new ArrayList<>();
    hold.fields()
        .forEach(
            (pointer, change) -> {
              int laterHolder = laterHolderOf(remaining, position, pointer);
              if (laterHolder >= 0) {
                Hold later = remaining.get(laterHolder);
                Map<String, FieldChange> fields = new LinkedHashMap<>(later.fields());
                fields.put(
                    pointer, new FieldChange(change.original(), fields.get(pointer).applied()));
                remaining.set(laterHolder, new Hold(later.holder(), fields));
              } else if (Objects.equals(
                  normalize(workload.at(pointer)), normalize(change.applied()))) {
                restore.put(pointer, change.original());
              } else {
                keptUserChanges.add(pointer);
              }
            });
    return new Release(restore, keptUserChanges, new OriginalState(remaining));
  }

  /**
   * The value at {@code pointer} before {@code holder} changed it: its recorded original while
   * held, else the workload's current value. Lets a holder recompute its change from the same base.
   */
  public JsonNode valueBefore(String holder, String pointer, JsonNode workload) {
    Hold hold = find(holder);
    FieldChange change = hold == null ? null : hold.fields().get(pointer);
    return change != null ? change.original() : workload.at(pointer);
  }

  /**
   * Pointers that a person changed away from what {@code holder} applied. A field a later holder
   * also holds shows that holder's value, so it counts as a person's change only for that holder.
   */
  public List<String> userChanges(String holder, JsonNode workload) {
    Hold hold = find(holder);
    if (hold == null) {
      return List.of();
    }
    int after = holds.indexOf(hold) + 1;
    List<String> changed = new ArrayList<>();
    hold.fields()
        .forEach(
            (pointer, change) -> {
              boolean superseded = laterHolderOf(holds, after, pointer) >= 0;
              if (!superseded
                  && !Objects.equals(
                      normalize(workload.at(pointer)), normalize(change.applied()))) {
                changed.add(pointer);
              }
            });
    return changed;
  }

  /**
   * The outcome of a release: pointers to write back (a missing node means the field was absent and
   * is removed), pointers a person changed, and the state that remains.
   */
  public record Release(
      Map<String, JsonNode> restore, List<String> keptUserChanges, OriginalState remaining) {}

  private Hold find(String holder) {
    return holds.stream().filter(h -> h.holder().equals(holder)).findFirst().orElse(null);
  }

  private static int laterHolderOf(List<Hold> remaining, int from, String pointer) {
    for (int i = from; i < remaining.size(); i++) {
      if (remaining.get(i).fields().containsKey(pointer)) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode nullToMissing(JsonNode node) {
    return node == null || node.isNull() ? JsonNodeFactory.instance.missingNode() : node;
  }

  /** Absent and null compare equal; numbers compare by value (3 equals 3.0). */
  private static Object normalize(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.decimalValue().stripTrailingZeros();
    }
    return node;
  }
}
