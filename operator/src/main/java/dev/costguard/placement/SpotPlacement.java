package dev.costguard.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costguard.api.v1alpha1.SpotPlacementSpec;
import dev.costguard.api.v1alpha1.SpotPlacementSpec.SpotProvider;
import dev.costguard.cost.CapacityType;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where spot capacity is in a cluster, and the pod template changes that make a workload prefer it:
 * a weighted node affinity term per kind of spot node and a toleration for each taint those nodes
 * carry. Preferred, not required, so pods still schedule on on-demand nodes when spot is full.
 * Pure: nodes come in as plain data.
 */
public final class SpotPlacement {
  /** Weight of a spot preference; the highest the scheduler allows, so spot wins over spreading. */
  static final int SPOT_WEIGHT = 100;

  private static final Map<SpotProvider, String> PROVIDER_LABEL =
      Map.of(
          SpotProvider.Karpenter, "karpenter.sh/capacity-type",
          SpotProvider.EKS, "eks.amazonaws.com/capacityType",
          SpotProvider.GKE, "cloud.google.com/gke-spot",
          SpotProvider.AKS, "kubernetes.azure.com/scalesetpriority");
  private static final Set<String> REPELLING_EFFECTS = Set.of("NoSchedule", "NoExecute");

  private SpotPlacement() {}

  /**
   * One kind of spot node: the labels that select it (all must match) and the tolerations its
   * taints need.
   */
  public record SpotNodes(Map<String, String> labels, List<Toleration> tolerations) {}

  /**
   * The spot nodes a workload may move to. {@code Auto} (also for a {@code null} spec) finds every
   * provider's spot label on the cluster's nodes; a named provider uses its label; {@code Custom}
   * uses the spec's node labels and taint key. Tolerations come from the taints the matching nodes
   * actually carry.
   */
  public static List<SpotNodes> inCluster(SpotPlacementSpec spec, Collection<Node> nodes) {
    SpotProvider provider = spec == null || spec.provider == null ? SpotProvider.Auto : spec.provider;
    List<Map<String, String>> selectors = new ArrayList<>();
    if (provider == SpotProvider.Custom) {
      selectors.add(Map.copyOf(spec.nodeLabels));
    } else {
      Map<String, String> spotLabels = CapacityType.providerSpotLabels();
      for (Map.Entry<SpotProvider, String> label : PROVIDER_LABEL.entrySet()) {
        Map<String, String> selector = Map.of(label.getValue(), spotLabels.get(label.getValue()));
        boolean wanted =
            provider == label.getKey()
                || (provider == SpotProvider.Auto && nodes.stream().anyMatch(n -> has(n, selector)));
        if (wanted) {
          selectors.add(selector);
        }
      }
      selectors.sort(java.util.Comparator.comparing(Object::toString));
    }
    List<SpotNodes> spot = new ArrayList<>();
    for (Map<String, String> selector : selectors) {
      Set<Toleration> tolerations = new LinkedHashSet<>();
      nodes.stream()
          .filter(n -> has(n, selector))
          .flatMap(n -> taints(n).stream())
          .filter(t -> REPELLING_EFFECTS.contains(t.getEffect()))
          .forEach(t -> tolerations.add(tolerationOf(t)));
      if (provider == SpotProvider.Custom && spec.taintKey != null && !spec.taintKey.isBlank()) {
        // the key tolerated whatever its value and effect, instead of each taint seen with it
        tolerations.removeIf(t -> spec.taintKey.equals(t.getKey()));
        tolerations.add(new TolerationBuilder().withKey(spec.taintKey).withOperator("Exists").build());
      }
      spot.add(new SpotNodes(selector, List.copyOf(tolerations)));
    }
    return spot;
  }

  /**
   * The changes, JSON pointer to new value, that make the pod spec at {@code base} prefer {@code
   * spot}: empty when it already does. Each change holds the highest field the pod spec does not
   * have yet (the whole {@code affinity} when there is none), so that undoing it restores the pod
   * spec byte for byte and does not roll the workload out a second time for nothing.
   */
  public static Map<String, JsonNode> changes(JsonNode podSpec, String base, List<SpotNodes> spot) {
    Map<String, JsonNode> changes = new LinkedHashMap<>();
    if (spot.isEmpty()) {
      return changes;
    }
    ArrayNode terms = JsonNodeFactory.instance.arrayNode();
    spot.forEach(s -> terms.add(preferenceTerm(s.labels())));
    JsonNode affinity = podSpec.path("affinity");
    JsonNode nodeAffinity = affinity.path("nodeAffinity");
    if (!affinity.isObject()) {
      ObjectNode value = JsonNodeFactory.instance.objectNode();
      value.putObject("nodeAffinity").set("preferredDuringSchedulingIgnoredDuringExecution", terms);
      changes.put(base + "/affinity", value);
    } else if (!nodeAffinity.isObject()) {
      ObjectNode value = JsonNodeFactory.instance.objectNode();
      value.set("preferredDuringSchedulingIgnoredDuringExecution", terms);
      changes.put(base + "/affinity/nodeAffinity", value);
    } else {
      ArrayNode merged = withMissing(nodeAffinity.path("preferredDuringSchedulingIgnoredDuringExecution"), terms);
      if (merged != null) {
        changes.put(base + "/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution", merged);
      }
    }
    ArrayNode tolerations = JsonNodeFactory.instance.arrayNode();
    spot.stream()
        .flatMap(s -> s.tolerations().stream())
        .distinct()
        .forEach(t -> tolerations.add(Serialization.jsonMapper().<JsonNode>valueToTree(t)));
    ArrayNode mergedTolerations = withMissing(podSpec.path("tolerations"), tolerations);
    if (mergedTolerations != null) {
      changes.put(base + "/tolerations", mergedTolerations);
    }
    return changes;
  }

  /** {@code existing} plus the {@code wanted} items it lacks; {@code null} when it lacks none. */
  private static ArrayNode withMissing(JsonNode existing, ArrayNode wanted) {
    ArrayNode merged = existing.isArray() ? ((ArrayNode) existing).deepCopy() : JsonNodeFactory.instance.arrayNode();
    boolean added = false;
    for (JsonNode item : wanted) {
      boolean present = false;
      for (JsonNode have : merged) {
        present |= have.equals(item);
      }
      if (!present) {
        merged.add(item);
        added = true;
      }
    }
    return added ? merged : null;
  }

  private static ObjectNode preferenceTerm(Map<String, String> labels) {
    ObjectNode term = JsonNodeFactory.instance.objectNode();
    term.put("weight", SPOT_WEIGHT);
    ArrayNode expressions = term.putObject("preference").putArray("matchExpressions");
    labels.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            label -> {
              ObjectNode expression = expressions.addObject();
              expression.put("key", label.getKey());
              expression.put("operator", "In");
              expression.putArray("values").add(label.getValue());
            });
    return term;
  }

  private static Toleration tolerationOf(Taint taint) {
    TolerationBuilder toleration = new TolerationBuilder().withKey(taint.getKey()).withEffect(taint.getEffect());
    return taint.getValue() == null || taint.getValue().isEmpty()
        ? toleration.withOperator("Exists").build()
        : toleration.withOperator("Equal").withValue(taint.getValue()).build();
  }

  private static List<Taint> taints(Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
  }

  private static boolean has(Node node, Map<String, String> labels) {
    Map<String, String> nodeLabels = Objects.requireNonNullElse(node.getMetadata().getLabels(), Map.of());
    return labels.entrySet().stream()
        .allMatch(l -> l.getValue().equalsIgnoreCase(nodeLabels.get(l.getKey())));
  }
}
