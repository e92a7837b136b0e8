package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Standard Kubernetes conditions. {@code lastTransitionTime} changes only when the status does, so
 * a reconcile that finds nothing new writes nothing.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}

  /** Sets (adds or updates) the condition of the given type. */
  public static void set(
      List<Condition> conditions,
      String type,
      boolean status,
      String reason,
      String message,
      Long observedGeneration,
      Instant now) {
    String statusText = status ? TRUE : FALSE;
    Optional<Condition> existing = find(conditions, type);
    String transition =
        existing
            .filter(c -> statusText.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(Timestamps.format(now));
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(statusText)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(observedGeneration)
            .withLastTransitionTime(transition)
            .build();
    existing.ifPresentOrElse(
        c -> conditions.set(conditions.indexOf(c), updated), () -> conditions.add(updated));
  }

  /** Removes the condition of the given type, if present. */
  public static void remove(List<Condition> conditions, String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }
}
