package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What Costguard knows of KEDA: its ScaledObject kind, and that the HPA it creates for one belongs
 * to KEDA, which rewrites it from the ScaledObject. Capabilities drive the ScaledObject, never that
 * HPA, so they do not fight KEDA.
 */
public final class Keda {
  public static final String API_VERSION = "keda.sh/v1alpha1";
  public static final String SCALED_OBJECT = "ScaledObject";

  /** Annotation that pauses a ScaledObject at the given replicas. */
  public static final String PAUSED_REPLICAS_ANNOTATION = "autoscaling.keda.sh/paused-replicas";

  private Keda() {}

  /** Whether KEDA owns this object (the HPA it made for a ScaledObject). */
  public static boolean ownsIt(HasMetadata object) {
    return object.getMetadata().getOwnerReferences() != null
        && object.getMetadata().getOwnerReferences().stream()
            .anyMatch(owner -> SCALED_OBJECT.equals(owner.getKind()));
  }
}
