package dev.costguard.kube;

import dev.costguard.api.v1alpha1.CostguardStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;

/**
 * The Ready condition as every Costguard resource reports it: True once the spec is understood and
 * acted on; False with a reason, a message and a Warning event when the input is bad.
 */
public final class Readiness {
  private Readiness() {}

  public static void ready(
      CostguardStatus status, HasMetadata resource, String reason, String message, Instant now) {
    Conditions.set(
        status.conditions,
        Conditions.READY,
        true,
        reason,
        message,
        resource.getMetadata().getGeneration(),
        now);
  }

  public static void invalid(
      CostguardStatus status,
      HasMetadata resource,
      String reason,
      String message,
      Instant now,
      EventRecorder events) {
    Conditions.set(
        status.conditions,
        Conditions.READY,
        false,
        reason,
        message,
        resource.getMetadata().getGeneration(),
        now);
    events.warning(resource, reason, message);
  }
}
