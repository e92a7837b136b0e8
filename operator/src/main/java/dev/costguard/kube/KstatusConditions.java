package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;

/**
 * The abnormal-true conditions kstatus reads (Flux's health checks, {@code kubectl apply --wait}
 * style tools, sigs.k8s.io/cli-utils), derived at the one status write from the conditions every
 * kind already keeps, so that all four kinds report them alike:
 *
 * <ul>
 *   <li>{@code Stalled=True} while {@code Ready=False}: the spec cannot be acted on until a person
 *       changes it (same reason and message as Ready). kstatus: Failed.
 *   <li>{@code Reconciling=True} while {@code Degraded=True}: work the operator has not finished
 *       and retries (a workload it could not wake, say). kstatus: InProgress.
 * </ul>
 *
 * Each is removed when it no longer holds (kstatus reads an absent one as False). Their {@code
 * lastTransitionTime} is that of the condition they follow, so a reconcile that changes nothing
 * writes nothing. A generation not yet observed is InProgress by {@code status.observedGeneration}
 * alone.
 */
public final class KstatusConditions {
  public static final String STALLED = "Stalled";
  public static final String RECONCILING = "Reconciling";
  public static final String DEGRADED = "Degraded";

  private KstatusConditions() {}

  public static void derive(List<Condition> conditions) {
    follow(
        conditions,
        STALLED,
        Conditions.find(conditions, Conditions.READY)
            .filter(ready -> Conditions.FALSE.equals(ready.getStatus()))
            .orElse(null),
        "");
    follow(
        conditions,
        RECONCILING,
        Conditions.find(conditions, DEGRADED)
            .filter(degraded -> Conditions.TRUE.equals(degraded.getStatus()))
            .orElse(null),
        "retrying: ");
  }

  private static void follow(
      List<Condition> conditions, String type, Condition source, String messagePrefix) {
    if (source == null) {
      Conditions.remove(conditions, type);
      return;
    }
    Condition derived =
        new ConditionBuilder()
            .withType(type)
            .withStatus(Conditions.TRUE)
            .withReason(source.getReason())
            .withMessage(messagePrefix + source.getMessage())
            .withObservedGeneration(source.getObservedGeneration())
            .withLastTransitionTime(source.getLastTransitionTime())
            .build();
    Conditions.find(conditions, type)
        .ifPresentOrElse(
            c -> conditions.set(conditions.indexOf(c), derived), () -> conditions.add(derived));
  }
}
