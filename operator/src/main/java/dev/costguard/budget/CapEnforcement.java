package dev.costguard.budget;

import dev.costguard.api.v1alpha1.CapStatus;
import dev.costguard.api.v1alpha1.NotificationEvent;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import dev.costguard.cost.CachedPod;
import dev.costguard.cost.CatalogChoice;
import dev.costguard.cost.PriceBook;
import dev.costguard.cost.TemplatePricing;
import dev.costguard.kube.LabelSelectors;
import dev.costguard.notify.Notice;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cap of a budget with {@code enforcement: Cap}, as one step of the budget's reconcile: price
 * what the cap governs and what it does not, decide ({@link BudgetCap}), plan the writes ({@link
 * CapPlanner}), carry them out ({@link CapExecution}) unless in dry run, and describe the decision
 * for status.
 */
final class CapEnforcement {
  /** Seconds between two evaluations of the cap at most, when the spec does not say. */
  static final int DEFAULT_INTERVAL_SECONDS = 60;

  private final FleetCache fleet;
  private final TemplatePricing templates;
  private final CapExecution execution;

  CapEnforcement(FleetCache fleet, TemplatePricing templates, CapExecution execution) {
    this.fleet = fleet;
    this.templates = templates;
    this.execution = execution;
  }

  /**
   * The cap's decision, and whether its writes all succeeded.
   *
   * @param skipped workloads left out of the cap, and why
   */
  record Outcome(
      BudgetCap.Decision decision,
      CapStatus status,
      List<BudgetActionPlan.Skipped> skipped,
      boolean complete) {}

  static Duration interval(WorkloadBudgetSpec spec) {
    return Duration.ofSeconds(
        Objects.requireNonNullElse(spec.capIntervalSeconds, DEFAULT_INTERVAL_SECONDS));
  }

  Outcome enforce(
      WorkloadBudget budget,
      BudgetEvaluation evaluation,
      CatalogChoice.Chosen catalog,
      PriceBook book,
      BudgetScope scope,
      Set<String> namespaces,
      ObservedWorkloads observed,
      boolean dryRun,
      Instant now) {
    String name = budget.getMetadata().getName();
    WorkloadBudgetSpec spec = budget.getSpec();
    CapPlanner.Targets targets =
        CapPlanner.targets(name, scope, observed, t -> templates.perPodHour(catalog, t.getSpec()));
    Predicate<CachedPod> selected =
        pod ->
            spec.selector.workloadSelector == null
                || LabelSelectors.matches(spec.selector.workloadSelector, pod.labels());
    Predicate<CachedPod> governed =
        pod ->
            targets.targets().stream()
                .anyMatch(
                    t ->
                        t.ref().namespace().equals(pod.namespace())
                            && t.pods() != null
                            && LabelSelectors.matches(t.pods(), pod.labels()));
    BigDecimal uncapped = fleet.costPerHour(namespaces, selected.and(governed.negate()), book);
    Map<WorkloadRef, Integer> before = allowedBefore(budget);
    BudgetCap.Decision decision =
        BudgetCap.decide(
            new BudgetCap.Input(
                evaluation.limit(),
                evaluation.spent(),
                now,
                evaluation.period().end(),
                interval(spec),
                uncapped,
                targets.targets().stream().map(t -> t.candidate(before.get(t.ref()))).toList()));
    boolean complete = true;
    if (!dryRun) {
      complete =
          execution.carryOut(
              budget,
              CapPlanner.plan(name, targets.targets(), decision),
              observed,
              "the remaining money affords "
                  + BudgetEvaluation.money(decision.affordableCostPerHour())
                      .stripTrailingZeros()
                      .toPlainString()
                  + " per hour until "
                  + evaluation.period().end());
    }
    return new Outcome(decision, status(decision), targets.skipped(), complete);
  }

  /** Lifts every cap hold of the budget: the cap is off, or the budget is going. */
  boolean lift(WorkloadBudget budget, ObservedWorkloads observed, String why) {
    return execution.carryOut(
        budget, CapPlanner.releaseAll(budget.getMetadata().getName(), observed), observed, why);
  }

  /**
   * The notice that the cap changed what it allows, {@code allowances} being the capped workloads
   * as {@code Kind namespace/name=replicas} (empty when none is capped any more). Its subject
   * carries the instant, so each change is told once; the budget's status ledger keeps it from
   * being told again after a restart.
   */
  static Notice notice(
      String budget,
      BudgetEvaluation evaluation,
      Outcome capped,
      String allowances,
      String currency,
      Instant now) {
    BudgetCap.Decision d = capped.decision();
    Map<String, BigDecimal> amounts = new java.util.TreeMap<>();
    amounts.put("limit", evaluation.limit());
    amounts.put("spent", evaluation.spent());
    amounts.put("affordableCostPerHour", BudgetEvaluation.money(d.affordableCostPerHour()));
    amounts.put("plannedCostPerHour", BudgetEvaluation.money(d.plannedCostPerHour()));
    return new Notice(
        budget,
        NotificationEvent.CapChanged,
        evaluation.period().start(),
        evaluation.period().end(),
        "cap@" + now.getEpochSecond(),
        "WorkloadBudget "
            + budget
            + (allowances.isEmpty() ? " no longer caps any workload" : " caps " + allowances)
            + " (the remaining money affords "
            + BudgetCheckpoint.display(d.affordableCostPerHour()).toPlainString()
            + (currency == null ? "" : " " + currency)
            + "/h until the period ends)",
        currency,
        amounts,
        d.cappedOnly().stream().map(a -> String.valueOf(a.candidate().workload())).toList(),
        now);
  }

  /** The replicas each workload was capped at by the last decision, as status remembers it. */
  private static Map<WorkloadRef, Integer> allowedBefore(WorkloadBudget budget) {
    Map<WorkloadRef, Integer> before = new HashMap<>();
    CapStatus cap = budget.getStatus() == null ? null : budget.getStatus().cap;
    if (cap != null) {
      for (CapStatus.CappedWorkload w : cap.workloads) {
        if (w.allowedReplicas != null
            && w.wantedReplicas != null
            && w.allowedReplicas < w.wantedReplicas) {
          before.put(new WorkloadRef(w.kind, w.namespace, w.name), w.allowedReplicas);
        }
      }
    }
    return before;
  }

  static CapStatus status(BudgetCap.Decision decision) {
    CapStatus status = new CapStatus();
    status.affordableCostPerHour = BudgetEvaluation.money(decision.affordableCostPerHour());
    status.plannedCostPerHour = BudgetEvaluation.money(decision.plannedCostPerHour());
    status.uncappedCostPerHour =
        BudgetEvaluation.money(
            decision
                .plannedCostPerHour()
                .subtract(
                    decision.allowances().stream()
                        .map(
                            a ->
                                a.candidate()
                                    .replicaCostPerHour()
                                    .multiply(BigDecimal.valueOf(a.allowed())))
                        .reduce(BigDecimal.ZERO, BigDecimal::add)));
    status.overshootBound = BudgetEvaluation.money(decision.overshootBound());
    status.workloads =
        decision.allowances().stream()
            .map(
                a -> {
                  CapStatus.CappedWorkload w = new CapStatus.CappedWorkload();
                  w.kind = a.candidate().workload().kind();
                  w.namespace = a.candidate().workload().namespace();
                  w.name = a.candidate().workload().name();
                  w.priority = a.candidate().priority();
                  w.wantedReplicas = a.candidate().wanted();
                  w.allowedReplicas = a.allowed();
                  w.replicaCostPerHour = BudgetEvaluation.money(a.candidate().replicaCostPerHour());
                  return w;
                })
            .toList();
    return status;
  }
}
