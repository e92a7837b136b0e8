package dev.costguard.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.HoldConditions;
import dev.costguard.kube.Keda;
import dev.costguard.kube.WorkloadPatcher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every write scaling makes. Replicas are the policy's to set and are simply patched; an
 * autoscaler's bounds and a pod template's scheduling fields are held with their originals on the
 * object, so deleting the policy restores them exactly.
 */
public final class ScalingActuator {
  public static final String SPOT = PlacementDecision.SPOT;
  public static final String ON_DEMAND = PlacementDecision.ON_DEMAND;
  public static final String KEPT_USER_CHANGE = PlacementDecision.KEPT_USER_CHANGE;

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
   * Carries out the write a placement decision calls for; returns what a release ignored from the
   * annotation (by workload).
   */
  public Map<String, String> apply(
      HasMetadata workload, String holder, PlacementDecision.Write write) {
    if (write instanceof PlacementDecision.Hold hold) {
      patcher.hold(workload, holder, hold.fields());
    } else if (write instanceof PlacementDecision.Release) {
      return ignoredBy(workload, patcher.release(workload, holder));
    }
    return Map.of();
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
}
