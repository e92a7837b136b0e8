package dev.costguard.api.v1alpha1;

/** Names of the API, shared by the resources, the reconcilers and the annotations they write. */
public final class CostguardApi {
  public static final String GROUP = "costguard.dev";
  public static final String VERSION = "v1alpha1";

  /** Prefix of every annotation and label Costguard reads or writes. */
  public static final String PREFIX = GROUP + "/";

  /** Field manager of every write Costguard makes. */
  public static final String FIELD_MANAGER = "costguard";

  /** Workload label that exempts it from budget actions and spot moves. */
  public static final String CRITICAL_LABEL = PREFIX + "critical";

  /**
   * Workload label (an integer, default 0) that orders workloads under a budget's cap: the lowest
   * priority is scaled down first and back up last.
   */
  public static final String PRIORITY_LABEL = PREFIX + "priority";

  /**
   * Workload label or annotation ({@code "true"}) that lets budget PreferSpot actions move it to
   * spot capacity, as a ScalingPolicy with {@code spot.eligible: true} does.
   */
  public static final String SPOT_ELIGIBLE = PREFIX + "spot-eligible";

  /** Workload annotation that keeps shutdown schedules away from it. */
  public static final String EXCLUDE_ANNOTATION = PREFIX + "exclude";

  /** Namespace annotation (RFC 3339 time) that keeps a namespace awake until then. */
  public static final String AWAKE_UNTIL_ANNOTATION = PREFIX + "awake-until";

  /** Workload annotation that holds the state Costguard changed, to restore it exactly. */
  public static final String ORIGINAL_ANNOTATION = PREFIX + "original";

  private CostguardApi() {}
}
