package dev.costguard.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.SpotPlacementSpec.SpotMode;
import dev.costguard.kube.HeldFields;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeAffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scheduling fields of a pod template that put its pods on spot capacity. Always computed from
 * the template as it was before Costguard touched it, so the result is the same on every reconcile
 * and a template (and its pods) changes only when the placement does.
 *
 * <p>{@code Preferred} adds a node-affinity preference of weight 100 and a toleration: pods go to
 * spot when there is room, else on-demand. {@code Required} adds the spot labels to the node
 * selector and a toleration: pods wait for spot capacity.
 */
public final class SpotPlacement {
  public static final String AFFINITY = HeldFields.AFFINITY;
  public static final String TOLERATIONS = HeldFields.TOLERATIONS;
  public static final String NODE_SELECTOR = HeldFields.NODE_SELECTOR;

  /** Every field placement may change; a release restores exactly these. */
  public static final List<String> FIELDS = List.of(AFFINITY, TOLERATIONS, NODE_SELECTOR);

  static final int PREFERENCE_WEIGHT = 100;

  private SpotPlacement() {}

  /**
   * The values of {@link #FIELDS} (a JSON null where the field is absent) that ask for {@code
   * capacity} in {@code mode}, starting from the workload's original pod spec.
   */
  public static Map<String, JsonNode> place(
      PodSpec original, SpotCapacity capacity, SpotMode mode) {
    Affinity affinity = original.getAffinity();
    Map<String, String> nodeSelector = original.getNodeSelector();
    if (mode == SpotMode.Required) {
      nodeSelector = new LinkedHashMap<>(nodeSelector == null ? Map.of() : nodeSelector);
      nodeSelector.putAll(capacity.nodeLabels());
    } else {
      affinity = withPreference(affinity, capacity);
    }
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    fields.put(AFFINITY, toJson(affinity));
    fields.put(TOLERATIONS, toJson(withToleration(original.getTolerations(), capacity)));
    fields.put(
        NODE_SELECTOR,
        toJson(nodeSelector == null || nodeSelector.isEmpty() ? null : nodeSelector));
    return fields;
  }

  /** Labelled or annotated {@code costguard.dev/critical: "true"}: never moved to spot. */
  public static boolean isCritical(HasMetadata workload) {
    Map<String, String> labels = workload.getMetadata().getLabels();
    Map<String, String> annotations = workload.getMetadata().getAnnotations();
    return "true".equals(labels == null ? null : labels.get(CostguardApi.CRITICAL_LABEL))
        || "true".equals(annotations == null ? null : annotations.get(CostguardApi.CRITICAL_LABEL));
  }

  private static Affinity withPreference(Affinity original, SpotCapacity capacity) {
    PreferredSchedulingTerm preference =
        new PreferredSchedulingTermBuilder()
            .withWeight(PREFERENCE_WEIGHT)
            .withNewPreference()
            .withMatchExpressions(
                capacity.nodeLabels().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(
                        l ->
                            new NodeSelectorRequirementBuilder()
                                .withKey(l.getKey())
                                .withOperator("In")
                                .withValues(l.getValue())
                                .build())
                    .toList())
            .endPreference()
            .build();
    Affinity affinity = original == null ? new Affinity() : new AffinityBuilder(original).build();
    NodeAffinity nodeAffinity =
        affinity.getNodeAffinity() == null
            ? new NodeAffinity()
            : new NodeAffinityBuilder(affinity.getNodeAffinity()).build();
    List<PreferredSchedulingTerm> preferred =
        new ArrayList<>(
            nodeAffinity.getPreferredDuringSchedulingIgnoredDuringExecution() == null
                ? List.of()
                : nodeAffinity.getPreferredDuringSchedulingIgnoredDuringExecution());
    if (!preferred.contains(preference)) {
      preferred.add(preference);
    }
    nodeAffinity.setPreferredDuringSchedulingIgnoredDuringExecution(preferred);
    affinity.setNodeAffinity(nodeAffinity);
    return affinity;
  }

  private static List<Toleration> withToleration(List<Toleration> original, SpotCapacity capacity) {
    List<Toleration> tolerations = new ArrayList<>(original == null ? List.of() : original);
    if (capacity.taintKey() == null) {
      return tolerations.isEmpty() ? null : tolerations;
    }
    Toleration spot =
        capacity.taintValue() == null
            ? new TolerationBuilder().withKey(capacity.taintKey()).withOperator("Exists").build()
            : new TolerationBuilder()
                .withKey(capacity.taintKey())
                .withOperator("Equal")
                .withValue(capacity.taintValue())
                .withEffect("NoSchedule")
                .build();
    boolean alreadyTolerated = tolerations.stream().anyMatch(t -> covers(t, spot));
    if (!alreadyTolerated) {
      tolerations.add(spot);
    }
    return tolerations;
  }

  /** Whether {@code existing} tolerates at least what {@code needed} does. */
  private static boolean covers(Toleration existing, Toleration needed) {
    boolean anyKey = existing.getKey() == null && "Exists".equals(existing.getOperator());
    boolean sameKey = Objects.equals(existing.getKey(), needed.getKey());
    boolean value =
        "Exists".equals(existing.getOperator())
            || ("Exists".equals(needed.getOperator())
                ? false
                : Objects.equals(existing.getValue(), needed.getValue()));
    boolean effect =
        existing.getEffect() == null || existing.getEffect().equals(needed.getEffect());
    return (anyKey || (sameKey && value)) && effect;
  }

  private static JsonNode toJson(Object value) {
    return value == null
        ? JsonNodeFactory.instance.nullNode()
        : Serialization.jsonMapper().valueToTree(value);
  }
}
