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

  /**
   * Job label naming the WorkloadBudget that admits it: a job of this label created suspended
   * starts only when that budget's remaining money covers its estimated cost.
   */
  public static final String BUDGET_LABEL = PREFIX + "budget";

  /**
   * Workload label, an integer (default 0), higher first: admission order among a budget's waiting
   * jobs, and under a budget's cap the order in which workloads keep their replicas (the lowest is
   * scaled down first and back up last).
   */
  public static final String PRIORITY_LABEL = PREFIX + "priority";

  /**
   * Job annotation: the longest it may run, as a duration ({@code 90m}, {@code 4h}, {@code 1h30m}),
   * for jobs without {@code activeDeadlineSeconds} (or their kind's equivalent).
   */
  public static final String MAX_RUN_TIME_ANNOTATION = PREFIX + "max-run-time";

  /** Job annotation Costguard writes: Queued, Admitted or Refused. */
  public static final String ADMISSION_ANNOTATION = PREFIX + "admission";

  /** Job annotation Costguard writes: why the job waits or was refused, and what it would cost. */
  public static final String ADMISSION_MESSAGE_ANNOTATION = PREFIX + "admission-message";

  /** Job annotation Costguard writes when it admits a job (RFC 3339). */
  public static final String ADMITTED_AT_ANNOTATION = PREFIX + "admitted-at";

  private CostguardApi() {}
}
