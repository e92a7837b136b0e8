package dev.costguard.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costguard.api.v1alpha1.SpotPlacementSpec;
import dev.costguard.api.v1alpha1.SpotPlacementSpec.SpotMode;
import dev.costguard.kube.OriginalState;
import dev.costguard.placement.SpotCapacity;
import dev.costguard.placement.SpotPlacement;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a policy's workload should run, decided from the workload as read, its original scheduling
 * fields and the nodes: put on spot capacity as the policy asks, or given back its original fields
 * when it no longer asks. Pure: the write it calls for ({@link Write}) is carried out by {@link
 * ScalingActuator#apply}. Computed from the original fields, so an unchanged placement calls for no
 * write and rolls no pods.
 *
 * @param state {@link #SPOT}, {@link #ON_DEMAND} or {@link #KEPT_USER_CHANGE}, for status
 * @param message why, for the condition
 * @param write the change to make, if any
 */
public record PlacementDecision(String state, String message, Write write) {
  public static final String SPOT = "Spot";
  public static final String ON_DEMAND = "OnDemand";
  public static final String KEPT_USER_CHANGE = "KeptUserChange";

  /** The write a placement calls for. */
  public sealed interface Write {}

  /** Nothing to write. */
  public record None() implements Write {}

  /** Hold these scheduling fields (their originals are kept on the workload). */
  public record Hold(Map<String, JsonNode> fields) implements Write {}

  /** Give the workload back the scheduling fields the holder set. */
  public record Release() implements Write {}

  private static final Write NOTHING = new None();

  /**
   * @param write whether the policy may write (not in dry run); when not, the decision says what it
   *     would do and calls for no write
   */
  public static PlacementDecision decide(
      HasMetadata workload,
      SpotPlacementSpec spot,
      String holder,
      boolean write,
      List<Node> nodes) {
    JsonNode current = Serialization.jsonMapper().valueToTree(workload);
    OriginalState state = OriginalState.of(workload);
    boolean held = SpotPlacement.FIELDS.stream().anyMatch(f -> isHeldField(state, holder, f));
    if (held && !state.userChanges(holder, current).isEmpty()) {
      return new PlacementDecision(
          KEPT_USER_CHANGE,
          "a person changed the scheduling fields Costguard set; left as they are",
          NOTHING);
    }
    boolean eligible = spot != null && Boolean.TRUE.equals(spot.eligible);
    String why = "the policy does not ask for spot";
    if (eligible && SpotPlacement.isCritical(workload)) {
      why = "the workload is critical and never moved to spot";
    } else if (eligible) {
      PodSpec original = originalPodSpec(state, holder, current);
      Optional<SpotCapacity> capacity =
          SpotCapacity.of(spot).or(() -> SpotCapacity.detect(nodes, nodeSelectorOf(original)));
      why = "no spot nodes fit the pod template";
      if (capacity.isPresent()) {
        Map<String, JsonNode> fields =
            SpotPlacement.place(
                original, capacity.get(), spot.mode == null ? SpotMode.Preferred : spot.mode);
        String message =
            "pods "
                + (spot.mode == SpotMode.Required ? "require " : "prefer ")
                + capacity.get().provider()
                + " spot capacity";
        return new PlacementDecision(
            write || held ? SPOT : ON_DEMAND,
            write ? message : "would make " + message,
            write && (held || !matches(current, fields)) ? new Hold(fields) : NOTHING);
      }
    }
    return new PlacementDecision(
        held && !write ? SPOT : ON_DEMAND, why, held && write ? new Release() : NOTHING);
  }

  private static boolean isHeldField(OriginalState state, String holder, String pointer) {
    return state.holds().stream()
        .anyMatch(h -> h.holder().equals(holder) && h.fields().containsKey(pointer));
  }

  private static PodSpec originalPodSpec(OriginalState state, String holder, JsonNode workload) {
    ObjectNode spec = (ObjectNode) workload.at("/spec/template/spec").deepCopy();
    for (String pointer : SpotPlacement.FIELDS) {
      String field = pointer.substring(pointer.lastIndexOf('/') + 1);
      JsonNode original = state.valueBefore(holder, pointer, workload);
      if (original.isMissingNode() || original.isNull()) {
        spec.remove(field);
      } else {
        spec.set(field, original);
      }
    }
    return Serialization.jsonMapper().convertValue(spec, PodSpec.class);
  }

  private static boolean matches(JsonNode current, Map<String, JsonNode> fields) {
    return fields.entrySet().stream()
        .allMatch(
            f -> {
              JsonNode now = current.at(f.getKey());
              boolean absent = now.isMissingNode() || now.isNull();
              return absent ? f.getValue().isNull() : now.equals(f.getValue());
            });
  }

  private static Map<String, String> nodeSelectorOf(PodSpec spec) {
    return spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
  }
}
