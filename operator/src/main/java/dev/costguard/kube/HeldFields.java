package dev.costguard.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one allow-list of fields Costguard may hold on a user object, per kind, with the type each
 * value must have. {@code costguard.dev/original} lives on the workload, so anyone who can edit the
 * workload can edit it: a restore writes only what is listed here, with a value of the right type,
 * and ignores (and reports) anything else, such as an injected {@code serviceAccountName}. A hold
 * outside the list is a bug in Costguard and is refused.
 */
public final class HeldFields {
  public static final String REPLICAS = "/spec/replicas";
  public static final String SUSPEND = "/spec/suspend";
  public static final String MIN_REPLICAS = "/spec/minReplicas";
  public static final String MAX_REPLICAS = "/spec/maxReplicas";
  public static final String MIN_REPLICA_COUNT = "/spec/minReplicaCount";
  public static final String MAX_REPLICA_COUNT = "/spec/maxReplicaCount";
  public static final String AFFINITY = "/spec/template/spec/affinity";
  public static final String TOLERATIONS = "/spec/template/spec/tolerations";
  public static final String NODE_SELECTOR = "/spec/template/spec/nodeSelector";
  public static final String KEDA_PAUSED_REPLICAS =
      "/metadata/annotations/" + WorkloadPatch.escape(Keda.PAUSED_REPLICAS_ANNOTATION);

  /** The pod template's scheduling fields, which spot placement holds. */
  public static final List<String> SCHEDULING = List.of(AFFINITY, TOLERATIONS, NODE_SELECTOR);

  private record Type(String name, Predicate<JsonNode> accepts) {}

  private static final Type COUNT =
      new Type(
          "an integer from 0 to 2147483647",
          v ->
              v.isIntegralNumber()
                  && v.canConvertToLong()
                  && v.asLong() >= 0
                  && v.asLong() <= Integer.MAX_VALUE);
  private static final Type BOOLEAN = new Type("true or false", JsonNode::isBoolean);
  private static final Type OBJECT = new Type("an object", JsonNode::isObject);
  private static final Type LIST = new Type("a list", JsonNode::isArray);
  private static final Type COUNT_TEXT =
      new Type("a replica count as text", v -> v.isTextual() && v.asText().matches("[0-9]{1,9}"));

  private static final Map<String, Type> SCHEDULING_TYPES =
      Map.of(AFFINITY, OBJECT, TOLERATIONS, LIST, NODE_SELECTOR, OBJECT);

  private static final Map<String, Map<String, Type>> BY_KIND = byKind();

  private static Map<String, Map<String, Type>> byKind() {
    Map<String, Map<String, Type>> all = new java.util.HashMap<>(builtIn());
    // Batch and training jobs: each kind's own suspend field, from the one table of job kinds.
    for (JobKind kind : JobKind.values()) {
      all.put(kind.name(), Map.of(kind.suspendPointer(), BOOLEAN));
    }
    return Map.copyOf(all);
  }

  private static Map<String, Map<String, Type>> builtIn() {
    return Map.of(
        "Deployment",
        withScheduling(REPLICAS, COUNT),
        "StatefulSet",
        withScheduling(REPLICAS, COUNT),
        "CronJob",
        Map.of(SUSPEND, BOOLEAN),
        "HorizontalPodAutoscaler",
        Map.of(MIN_REPLICAS, COUNT, MAX_REPLICAS, COUNT),
        Keda.SCALED_OBJECT,
        Map.of(
            MIN_REPLICA_COUNT, COUNT, MAX_REPLICA_COUNT, COUNT, KEDA_PAUSED_REPLICAS, COUNT_TEXT));
  }

  private HeldFields() {}

  public static boolean allows(String kind, String pointer) {
    return BY_KIND.getOrDefault(kind, Map.of()).containsKey(pointer);
  }

  /**
   * Why {@code value} may not be written at {@code pointer} of a {@code kind}, or empty when it
   * may. An absent value (restore to "not set") is always of the right type.
   */
  public static Optional<String> problem(String kind, String pointer, JsonNode value) {
    Type type = BY_KIND.getOrDefault(kind, Map.of()).get(pointer);
    if (type == null) {
      return Optional.of(pointer + " is not a field Costguard holds on a " + kind);
    }
    if (value == null || value.isMissingNode() || value.isNull() || type.accepts().test(value)) {
      return Optional.empty();
    }
    return Optional.of(
        pointer + " must be " + type.name() + ", not " + abbreviate(value.toString()));
  }

  private static Map<String, Type> withScheduling(String pointer, Type type) {
    Map<String, Type> all = new java.util.HashMap<>(SCHEDULING_TYPES);
    all.put(pointer, type);
    return Map.copyOf(all);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
