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
 *   <li>{@code Reconciling=True}, reason {@code NewGeneration}, while the object's {@code
 *       metadata.generation} is not yet observed: there is no Ready condition yet, or a condition
 *       still speaks for an older generation (its {@code observedGeneration}). Not while Stalled: a
 *       spec that cannot be acted on is not in progress. kstatus: InProgress.
 * </ul>
 *
 * Each is removed when it no longer holds (kstatus reads an absent one as False). Their {@code
 * lastTransitionTime} is that of the condition they follow (for a new generation, the newest of the
 * conditions left behind), so a reconcile that changes nothing writes nothing. Before the operator
 * has written any status for a generation, kstatus reads InProgress from {@code
 * status.observedGeneration} alone; an object with no status at all is Current to kstatus, which is
 * why the chart ships Flux {@code healthCheckExprs} (files/flux-kustomization.yaml) that wait on
 * it.
 */
public final class KstatusConditions {
  public static final String STALLED = "Stalled";
  public static final String RECONCILING = "Reconciling";
  public static final String DEGRADED = "Degraded";
  public static final String NEW_GENERATION = "NewGeneration";

  private KstatusConditions() {}

  /**
   * Sets or removes Stalled and Reconciling on {@code conditions} for an object at {@code
   * generation} ({@code null}: unknown, then only Ready and Degraded count).
   */
  public static void derive(List<Condition> conditions, Long generation) {
    Condition stalledBy =
        Conditions.find(conditions, Conditions.READY)
            .filter(ready -> Conditions.FALSE.equals(ready.getStatus()))
            .orElse(null);
    follow(conditions, STALLED, stalledBy, "");
    Condition degraded =
        Conditions.find(conditions, DEGRADED)
            .filter(d -> Conditions.TRUE.equals(d.getStatus()))
            .orElse(null);
    if (degraded != null) {
      follow(conditions, RECONCILING, degraded, "retrying: ");
    } else if (stalledBy == null && generation != null) {
      follow(conditions, RECONCILING, unobserved(conditions, generation), "");
    } else {
      Conditions.remove(conditions, RECONCILING);
    }
  }

  /**
   * A condition standing for "generation not yet observed" (reason NewGeneration), or {@code null}
   * when every condition has been judged for {@code generation}.
   */
  private static Condition unobserved(List<Condition> conditions, long generation) {
    List<Condition> judged =
        conditions.stream()
            .filter(c -> !STALLED.equals(c.getType()) && !RECONCILING.equals(c.getType()))
            .toList();
    List<Condition> behind =
        judged.stream()
            .filter(
                c -> c.getObservedGeneration() != null && c.getObservedGeneration() < generation)
            .toList();
    boolean noReady = Conditions.find(judged, Conditions.READY).isEmpty();
    if (behind.isEmpty() && !noReady) {
      return null;
    }
    String message =
        noReady && behind.isEmpty()
            ? "generation " + generation + " is not yet observed: no Ready condition yet"
            : "generation "
                + generation
                + " is not yet observed: "
                + String.join(
                    ", ",
                    behind.stream()
                        .map(c -> c.getType() + " is from generation " + c.getObservedGeneration())
                        .toList());
    String since =
        behind.stream()
            .map(Condition::getLastTransitionTime)
            .filter(java.util.Objects::nonNull)
            .max(String::compareTo)
            .orElse(null);
    return new ConditionBuilder()
        .withType(RECONCILING)
        .withStatus(Conditions.TRUE)
        .withReason(NEW_GENERATION)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
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
