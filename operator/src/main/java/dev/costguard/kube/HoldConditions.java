package dev.costguard.kube;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.CostguardStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The conditions every Costguard kind that holds workloads keeps about them, written in one place
 * so that a WorkloadBudget, a ScalingPolicy and a ShutdownSchedule say the same thing the same way:
 *
 * <ul>
 *   <li>{@value #PROTECTED_NAMESPACES_SKIPPED}: the object selects protected namespaces ({@link
 *       ProtectedNamespaces}), where it changes nothing. A Warning event says so once, when the
 *       list first appears or changes.
 *   <li>{@value #ORPHANED_HOLDS}: a workload in its namespaces carries a hold whose holder is gone
 *       ({@link OrphanedHolds}).
 *   <li>{@code Degraded} with reason {@value #IGNORED_ORIGINAL_FIELDS}: a release found entries in
 *       {@code costguard.dev/original} that Costguard never holds ({@link HeldFields}) and restored
 *       only the rest. It stays until the object next holds something, so a person sees it.
 * </ul>
 */
public final class HoldConditions {
  /** Condition type and event reason: selected protected namespaces are left alone. */
  public static final String PROTECTED_NAMESPACES_SKIPPED = "ProtectedNamespacesSkipped";

  /** Condition type: a workload in the selected namespaces carries an orphaned hold. */
  public static final String ORPHANED_HOLDS = "OrphanedHolds";

  /** Degraded reason: a release ignored annotation entries Costguard never holds. */
  public static final String IGNORED_ORIGINAL_FIELDS = "IgnoredOriginalFields";

  static final int NAMES_IN_MESSAGES = 20;

  private HoldConditions() {}

  /**
   * Sets {@value #PROTECTED_NAMESPACES_SKIPPED} when {@code selected} contains protected
   * namespaces, removes it otherwise, and sends one Warning event when the list is new. Returns the
   * protected namespaces among {@code selected}, sorted.
   */
  public static List<String> protectedNamespaces(
      CostguardStatus status,
      HasMetadata resource,
      Collection<String> selected,
      ProtectedNamespaces protection,
      String consequence,
      Instant now,
      EventRecorder events) {
    List<String> skipped =
        List.copyOf(new TreeSet<>(selected.stream().filter(protection::contains).toList()));
    if (skipped.isEmpty()) {
      Conditions.remove(status.conditions, PROTECTED_NAMESPACES_SKIPPED);
      return skipped;
    }
    String message =
        "selects protected namespace(s) "
            + String.join(", ", skipped)
            + " (kube-system, the operator's namespace or --protected-namespaces): "
            + consequence;
    boolean news =
        Conditions.find(status.conditions, PROTECTED_NAMESPACES_SKIPPED)
            .map(c -> !message.equals(c.getMessage()) || !Conditions.TRUE.equals(c.getStatus()))
            .orElse(true);
    Conditions.set(
        status.conditions,
        PROTECTED_NAMESPACES_SKIPPED,
        true,
        ProtectedNamespaces.REASON,
        message,
        resource.getMetadata().getGeneration(),
        now);
    if (news) {
      events.warning(resource, PROTECTED_NAMESPACES_SKIPPED, message);
    }
    return skipped;
  }

  /** Sets {@value #ORPHANED_HOLDS} while there are {@code orphans}, removes it otherwise. */
  public static void orphanedHolds(
      CostguardStatus status,
      HasMetadata resource,
      List<OrphanedHolds.Orphan> orphans,
      Instant now) {
    if (orphans.isEmpty()) {
      Conditions.remove(status.conditions, ORPHANED_HOLDS);
      return;
    }
    Conditions.set(
        status.conditions,
        ORPHANED_HOLDS,
        true,
        "HolderGone",
        String.join(
                "; ",
                orphans.stream()
                    .limit(NAMES_IN_MESSAGES)
                    .map(OrphanedHolds.Orphan::describe)
                    .toList())
            + ": the holder no longer exists; released after "
            + OrphanedHolds.GRACE.toMinutes()
            + " minutes, or now with the workload annotation "
            + OrphanedHolds.RELEASE_ANNOTATION
            + "=true",
        resource.getMetadata().getGeneration(),
        now);
  }

  /**
   * Records releases that ignored annotation entries ({@code ignored}: workload as {@link
   * #workloadName} to the problems) as {@code Degraded} {@value #IGNORED_ORIGINAL_FIELDS}. Without
   * new ones, the condition stays until {@code holdsAgain}; a {@code Degraded} of another reason is
   * the caller's and left alone when there is nothing new.
   */
  public static void ignoredOriginalFields(
      CostguardStatus status,
      HasMetadata resource,
      Map<String, String> ignored,
      boolean holdsAgain,
      Instant now) {
    if (!ignored.isEmpty()) {
      Conditions.set(
          status.conditions,
          KstatusConditions.DEGRADED,
          true,
          IGNORED_ORIGINAL_FIELDS,
          "restored only the fields Costguard holds; ignored from "
              + CostguardApi.ORIGINAL_ANNOTATION
              + ": "
              + ignored.entrySet().stream()
                  .limit(NAMES_IN_MESSAGES)
                  .map(f -> f.getKey() + ": " + f.getValue())
                  .toList(),
          resource.getMetadata().getGeneration(),
          now);
    } else if (holdsAgain && reportsIgnoredFields(status)) {
      Conditions.remove(status.conditions, KstatusConditions.DEGRADED);
    }
  }

  /** Whether {@code Degraded} is set for ignored annotation entries. */
  public static boolean reportsIgnoredFields(CostguardStatus status) {
    return degradedReason(status).filter(IGNORED_ORIGINAL_FIELDS::equals).isPresent();
  }

  private static Optional<String> degradedReason(CostguardStatus status) {
    return Conditions.find(status.conditions, KstatusConditions.DEGRADED)
        .map(c -> Objects.toString(c.getReason(), ""));
  }

  /** {@code namespace/Kind/name}, as conditions and events name a workload. */
  public static String workloadName(HasMetadata workload) {
    return workload.getMetadata().getNamespace()
        + "/"
        + workload.getKind()
        + "/"
        + workload.getMetadata().getName();
  }
}
