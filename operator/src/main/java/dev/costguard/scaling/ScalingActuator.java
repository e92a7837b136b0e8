package dev.costguard.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costguard.api.v1alpha1.SpotPlacementSpec;
import dev.costguard.api.v1alpha1.SpotPlacementSpec.SpotMode;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.HoldConditions;
import dev.costguard.kube.Keda;
import dev.costguard.kube.OriginalState;
import dev.costguard.kube.WorkloadPatcher;
import dev.costguard.placement.SpotCapacity;
import dev.costguard.placement.SpotPlacement;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every write scaling makes. Replicas are the policy's to set and are simply patched; an
 * autoscaler's bounds and a pod template's scheduling fields are held with their originals on the
 * object, so deleting the policy restores them exactly.
 */
public final class ScalingActuator {
  public static final String SPOT = "Spot";
  public static final String ON_DEMAND = "OnDemand";
  public static final String KEPT_USER_CHANGE = "KeptUserChange";

  private final ClusterView view;
  private final WorkloadPatcher patcher;

  public ScalingActuator(ClusterView view, WorkloadPatcher patcher) {
    this.view = view;
    this.patcher = patcher;
  }

  /** The holder name written into {@code costguard.dev/original}. */
  public static String holder(String policyName) {
    return "ScalingPolicy/" + policyName;
  }

  public HasMetadata scaleReplicas(HasMetadata workload, int replicas) {
    return patcher.set(workload, Map.of("/spec/replicas", IntNode.valueOf(replicas)));
  }

  /**
   * Sets the autoscaler's replica bounds; its originals are kept for {@link #releaseAutoscalers}.
   */
  public void boundAutoscaler(
      ScaleTarget.Autoscaler autoscaler, String holder, int minimum, int maximum) {
    int min = Math.max(autoscaler.lowestMinimum(), minimum);
    Map<String, JsonNode> bounds = new LinkedHashMap<>();
    bounds.put(autoscaler.minPointer(), IntNode.valueOf(min));
    bounds.put(autoscaler.maxPointer(), IntNode.valueOf(Math.max(min, Math.max(1, maximum))));
    patcher.hold(autoscaler.resource(), holder, bounds);
  }

  /**
   * Restores the bounds of every HPA and ScaledObject in the namespace that {@code holder} set.
   * Returns the annotation entries the releases ignored, by workload.
   */
  public Map<String, String> releaseAutoscalers(String namespace, String holder) {
    Map<String, String> ignored = new TreeMap<>();
    for (HasMetadata held : view.heldBy(holder)) {
      boolean autoscaler =
          ScaleTargets.HPA_KIND.equals(held.getKind()) || Keda.SCALED_OBJECT.equals(held.getKind());
      if (autoscaler && namespace.equals(held.getMetadata().getNamespace())) {
        ignored.putAll(ignoredBy(held, patcher.release(held, holder)));
      }
    }
    return ignored;
  }

  /**
   * Where the workload's pods should run, whether it is written, and what a release of the
   * scheduling fields ignored from the annotation (by workload).
   */
  public record Placement(String state, String message, Map<String, String> ignored) {
    Placement(String state, String message) {
      this(state, message, Map.of());
    }
  }

  /**
   * Puts the workload on spot capacity as the policy asks, or restores its original scheduling
   * fields when it no longer asks. Computed from the original fields, so an unchanged placement
   * makes no request and rolls no pods.
   */
  public Placement place(
      HasMetadata workload, SpotPlacementSpec spot, String holder, boolean write) {
    JsonNode current = Serialization.jsonMapper().valueToTree(workload);
    OriginalState state = WorkloadPatcher.originalStateOf(workload);
    boolean held = SpotPlacement.FIELDS.stream().anyMatch(f -> isHeldField(state, holder, f));
    if (held && !state.userChanges(holder, current).isEmpty()) {
      return new Placement(
          KEPT_USER_CHANGE,
          "a person changed the scheduling fields Costguard set; left as they are");
    }
    boolean eligible = spot != null && Boolean.TRUE.equals(spot.eligible);
    Optional<SpotCapacity> capacity = Optional.empty();
    String why = "the policy does not ask for spot";
    if (eligible && SpotPlacement.isCritical(workload)) {
      why = "the workload is critical and never moved to spot";
    } else if (eligible) {
      PodSpec original = originalPodSpec(state, holder, current);
      capacity =
          SpotCapacity.of(spot).or(() -> SpotCapacity.detect(nodes(), nodeSelectorOf(original)));
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
        if (write && (held || !matches(current, fields))) {
          patcher.hold(workload, holder, fields);
        }
        return new Placement(
            write || held ? SPOT : ON_DEMAND, write ? message : "would make " + message);
      }
    }
    Map<String, String> ignored = Map.of();
    if (held && write) {
      ignored = ignoredBy(workload, patcher.release(workload, holder));
    }
    return new Placement(held && !write ? SPOT : ON_DEMAND, why, ignored);
  }

  /**
   * Restores the scheduling fields {@code holder} set on the workload; returns what the release
   * ignored from the annotation.
   */
  public Map<String, String> releasePlacement(HasMetadata workload, String holder) {
    if (WorkloadPatcher.originalStateOf(workload).isHeldBy(holder)) {
      return ignoredBy(workload, patcher.release(workload, holder));
    }
    return Map.of();
  }

  private static Map<String, String> ignoredBy(
      HasMetadata workload, WorkloadPatcher.Released<?> released) {
    return released.ignored().isEmpty()
        ? Map.of()
        : Map.of(HoldConditions.workloadName(workload), String.join("; ", released.ignored()));
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

  private List<Node> nodes() {
    return view.nodes();
  }
}
