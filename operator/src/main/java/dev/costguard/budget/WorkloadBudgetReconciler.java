package dev.costguard.budget;

import dev.costguard.admission.Admission;
import dev.costguard.admission.AdmissionPlanner;
import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.BudgetThreshold;
import dev.costguard.api.v1alpha1.Enforcement;
import dev.costguard.api.v1alpha1.Mode;
import dev.costguard.api.v1alpha1.WorkloadAction;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.budget.BudgetActionPlan.Entry;
import dev.costguard.cost.CachedNode;
import dev.costguard.cost.CachedPod;
import dev.costguard.cost.CatalogChoice;
import dev.costguard.cost.CostRate;
import dev.costguard.cost.CostRollup;
import dev.costguard.cost.PriceBook;
import dev.costguard.cost.PriceBooks;
import dev.costguard.cost.PricedPods;
import dev.costguard.cost.TemplatePricing;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.Conditions;
import dev.costguard.kube.EventRecorder;
import dev.costguard.kube.HoldConditions;
import dev.costguard.kube.JobKind;
import dev.costguard.kube.LabelSelectors;
import dev.costguard.kube.OrphanedHolds;
import dev.costguard.kube.Readiness;
import dev.costguard.kube.Resync;
import dev.costguard.kube.StatusWriter;
import dev.costguard.kube.Timestamps;
import dev.costguard.kube.UnreadableObjects;
import dev.costguard.kube.ViewEventSource;
import dev.costguard.kube.WorkloadPatcher;
import dev.costguard.metrics.BudgetMetrics;
import dev.costguard.metrics.CostMetrics;
import dev.costguard.notify.Notice;
import dev.costguard.notify.NoticeLedger;
import dev.costguard.notify.Notices;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Enforces a money budget, as a pipeline: validate, price the selected pods, accrue and evaluate
 * ({@link BudgetEvaluation}), plan the actions ({@link BudgetActionPlanner}), carry them out, and
 * record status. The status is the budget's memory: spend is accrued from its {@code accruedUntil}
 * at its {@code costPerHour}, so a restart or a retried reconcile continues where the last written
 * status left off, and a conflicting write fails and is retried from the fresh status.
 *
 * <p>Deleting a budget undoes every action it holds first (finalizer).
 */
@ControllerConfiguration(name = "workloadbudget")
public class WorkloadBudgetReconciler
    implements Reconciler<WorkloadBudget>, Cleaner<WorkloadBudget> {
  static final String ENFORCING = "Enforcing";
  static final String THRESHOLDS_CROSSED = "ThresholdsCrossed";
  static final String BUDGET_AT_RISK = "BudgetAtRisk";
  static final String BUDGET_EXCEEDED = "BudgetExceeded";
  static final String NOTHING_SELECTED = "NothingSelected";
  static final String ORPHANED_HOLDS = HoldConditions.ORPHANED_HOLDS;
  static final String CAPPED = "Capped";

  private final WorkloadPatcher patcher;
  private final OrphanedHolds orphans;
  private final EventRecorder events;
  private final UnreadableObjects unreadable;
  private final Clock clock;
  private final Resync resync;
  private final boolean dryRun;
  private final String defaultPriceCatalog;
  private final String teamLabel;
  private final FleetCache fleet;
  private final PriceBooks books = new PriceBooks();
  private final WorkloadReader reader;
  private final BudgetMetrics metrics;
  private final CostMetrics costMetrics;
  private final PlanExecution execution;
  private final CapEnforcement cap;
  private final Notices notices;
  private final ClusterView view;
  private final Admission admission;
  private final TemplatePricing pricing;

  /**
   * @param fleet what pricing reads of the cluster
   * @param view the shared cluster view, read for the workloads a budget acts on
   * @param notices where threshold crossings, actions and undos are told to the budget's owners
   * @param dryRun global dry run: no budget writes a workload, whatever its mode
   * @param defaultPriceCatalog the catalog used when none is marked default
   * @param teamLabel namespace or pod label whose value is the team in cost metrics
   */
  public WorkloadBudgetReconciler(
      FleetCache fleet,
      ClusterView view,
      Notices notices,
      WorkloadPatcher patcher,
      OrphanedHolds orphans,
      EventRecorder events,
      UnreadableObjects unreadable,
      MeterRegistry meters,
      Clock clock,
      Resync resync,
      boolean dryRun,
      String defaultPriceCatalog,
      String teamLabel) {
    this.fleet = fleet;
    this.notices = notices;
    this.reader = new WorkloadReader(view);
    this.patcher = patcher;
    this.orphans = orphans;
    this.events = events;
    this.unreadable = unreadable;
    this.clock = clock;
    this.resync = resync;
    this.dryRun = dryRun;
    this.defaultPriceCatalog = defaultPriceCatalog;
    this.teamLabel = teamLabel;
    this.metrics = new BudgetMetrics(meters);
    this.costMetrics = new CostMetrics(meters);
    this.execution = new PlanExecution(patcher, events, metrics);
    this.view = view;
    this.admission = new Admission(patcher, events);
    this.pricing = new TemplatePricing(fleet::catalogs, defaultPriceCatalog);
    this.cap =
        new CapEnforcement(
            fleet,
            new TemplatePricing(fleet::catalogs, defaultPriceCatalog),
            new CapExecution(patcher, events));
  }

  @Override
  public List<EventSource<?, WorkloadBudget>> prepareEventSources(
      EventSourceContext<WorkloadBudget> context) {
    List<EventSource<?, WorkloadBudget>> sources = new ArrayList<>();
    sources.add(fleet.eventSource(context));
    // A job labelled for a budget, created, changed or finished: admission looks at once.
    sources.add(
        new ViewEventSource<>("workloadbudget-jobs", view, WorkloadBudgetReconciler::budgetsOfJob));
    return sources;
  }

  @Override
  public UpdateControl<WorkloadBudget> reconcile(
      WorkloadBudget budget, Context<WorkloadBudget> context) {
    if (!unreadable.readable(budget)) {
      // Reported by UnreadableObjects; a secondary event can still lead here.
      return UpdateControl.noUpdate();
    }
    // Status keeps whole seconds; accruing to a truncated instant persists exactly what was
    // counted.
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    WorkloadBudgetSpec spec = budget.getSpec();
    WorkloadBudgetStatus previous = budget.getStatus();
    WorkloadBudgetStatus status = copyOf(previous);

    var outcome = BudgetValidation.validate(spec, fleet.catalogs(), defaultPriceCatalog);
    if (outcome instanceof BudgetValidation.Invalid invalid) {
      Readiness.invalid(status, budget, invalid.reason(), invalid.message(), now, events);
      StatusWriter.write(budget, status, context);
      return UpdateControl.noUpdate();
    }
    var valid = (BudgetValidation.Valid) outcome;

    Set<String> namespaces = BudgetSelection.namespaces(spec.selector, fleet.namespaces());
    BigDecimal rate =
        fleet.costPerHour(
            namespaces, spec.selector.workloadSelector, books.of(valid.catalog().catalog()));
    Long generation = budget.getMetadata().getGeneration();
    BudgetEvaluation evaluation =
        BudgetEvaluation.evaluate(spec, generation, previous, rate, now, valid.calendar());

    boolean dryRun = this.dryRun || spec.mode == Mode.DryRun;
    ObservedWorkloads observed = ObservedWorkloads.NONE;
    BudgetActionPlan plan = BudgetActionPlan.NOTHING;
    List<Entry> inForce = List.of();
    PlanExecution.Outcome carried = null;
    CapEnforcement.Outcome capped = null;
    boolean capOn = spec.enforcement == Enforcement.Cap;
    boolean workloadsRead = capOn || needsWorkloads(evaluation, previous, generation);
    if (workloadsRead) {
      observed = reader.read(union(namespaces, namespacesOf(previous)), nodes());
      plan =
          BudgetActionPlanner.plan(
              planInput(budget, evaluation.actions(), dryRun, namespaces, observed));
      if (dryRun) {
        inForce = plan.inForce();
      } else {
        carried = execution.carryOut(budget, plan, observed);
        inForce = carried.inForce();
      }
      if (capOn) {
        capped =
            cap.enforce(
                budget,
                evaluation,
                valid.catalog(),
                books.of(valid.catalog().catalog()),
                scopeOf(budget, namespaces, observed),
                namespaces,
                observed,
                dryRun,
                now);
      } else if (!dryRun) {
        cap.lift(budget, observed, "the budget's enforcement is " + spec.enforcement);
      }
    }
    Admission.Outcome admitted =
        admission.run(
            new Admission.Budget(
                budget,
                valid.catalog().currency(),
                evaluation.limit(),
                evaluation.spent(),
                namespaces,
                evaluation.actions().contains(BudgetAction.Suspend)
                    ? Optional.of(AdmissionPlanner.BUDGET_SUSPENDED)
                    : Optional.empty(),
                dryRun,
                podSpec -> pricing.perPodHour(valid.catalog(), podSpec)),
            reader.jobsFor(budget.getMetadata().getName()),
            now);
    // Recorded in the same status write as what they tell, published once it is written.
    List<Notice> told =
        NoticeLedger.unsent(
            Stream.concat(
                    BudgetNotices.of(
                        budget.getMetadata().getName(),
                        generation,
                        evaluation,
                        valid.catalog().currency(),
                        // Actions are told as they come into force or leave it; in dry run none do.
                        workloadsRead && !dryRun ? entries(previous) : List.of(),
                        workloadsRead && !dryRun ? inForce : List.of(),
                        now)
                        .stream(),
                    BudgetNotices.ofAdmission(
                        budget.getMetadata().getName(),
                        evaluation,
                        valid.catalog().currency(),
                        admitted,
                        now)
                        .stream())
                .toList(),
            previous == null ? List.of() : previous.notified);
    told =
        withCapNotice(told, budget, evaluation, previous, capped, valid.catalog().currency(), now);

    record(
        status,
        budget,
        valid,
        namespaces,
        evaluation,
        inForce,
        carried,
        plan.planned(),
        previous,
        dryRun,
        now);
    recordCap(status, budget, capped, valid.catalog().currency(), now);
    status.admission = admitted.status();
    status.notified =
        NoticeLedger.recorded(
            previous == null ? List.of() : previous.notified, told, evaluation.period().start());
    if (BudgetCheckpoint.worthWriting(previous, status)) {
      StatusWriter.write(budget, status, context);
    }

    announce(budget, evaluation, plan, observed, previous, dryRun);
    announceCap(budget, previous, capped);
    told.forEach(notices::publish);
    metrics.record(
        budget.getMetadata().getName(),
        new BudgetMetrics.Figures(
            valid.catalog().currency(),
            evaluation.limit(),
            evaluation.spent(),
            evaluation.forecast(),
            evaluation.utilization()));
    Instant next =
        capOn
            ? min(evaluation.period().end(), now.plus(CapEnforcement.interval(spec)))
            : evaluation.period().end();
    return rescheduledForPeriodEnd(now, next);
  }

  /**
   * Undoes every action the budget holds, then lets the budget go. Retried until all are undone.
   */
  @Override
  public DeleteControl cleanup(WorkloadBudget budget, Context<WorkloadBudget> context) {
    if (!unreadable.readable(budget)) {
      // What it holds cannot be known from an unreadable spec: keep the finalizer until the spec
      // is fixed (or a person removes the finalizer), rather than leave workloads half-restored.
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofMinutes(1));
    }
    if (!dryRun) {
      Set<String> namespaces =
          union(
              BudgetSelection.namespaces(budget.getSpec().selector, fleet.namespaces()),
              namespacesOf(budget.getStatus()));
      ObservedWorkloads observed = reader.read(namespaces, nodes());
      BudgetActionPlan plan =
          BudgetActionPlanner.plan(planInput(budget, List.of(), false, Set.of(), observed));
      boolean lifted = cap.lift(budget, observed, "the budget is being deleted");
      if (!execution.carryOut(budget, plan, observed).complete() || !lifted) {
        throw new IllegalStateException(
            "WorkloadBudget "
                + budget.getMetadata().getName()
                + " could not undo all its actions yet");
      }
    }
    metrics.forget(budget.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /**
   * Publishes what every running pod costs, by namespace, priced by the default catalog (else the
   * configured one, else OpenCost's defaults), and returns it for accrual. Called periodically by
   * the operator.
   */
  public Optional<CostRollup> publishCostMetrics() {
    if (CatalogChoice.choose(null, fleet.catalogs(), defaultPriceCatalog)
        instanceof CatalogChoice.Chosen catalog) {
      CostRollup rollup = fleet.rollup(books.of(catalog.catalog()), teamLabel);
      costMetrics.publish(rollup);
      return Optional.of(rollup);
    }
    return Optional.empty();
  }

  /**
   * What the running pods of {@code namespace} that {@code selector} selects cost per hour, priced
   * as the cost metrics price them; empty when no catalog can be chosen.
   */
  public Optional<CostRate> costPerHour(String namespace, LabelSelector selector) {
    if (CatalogChoice.choose(null, fleet.catalogs(), defaultPriceCatalog)
        instanceof CatalogChoice.Chosen catalog) {
      return Optional.of(
          new CostRate(
              fleet.costPerHour(Set.of(namespace), selector, books.of(catalog.catalog())),
              catalog.currency()));
    }
    return Optional.empty();
  }

  /**
   * The running pods of {@code namespace} that {@code selector} selects, each with the pricer of
   * its node under the catalog the cost metrics use; empty when no catalog can be chosen.
   */
  public Optional<PricedPods> pricedPods(String namespace, LabelSelector selector) {
    if (CatalogChoice.choose(null, fleet.catalogs(), defaultPriceCatalog)
        instanceof CatalogChoice.Chosen catalog) {
      PriceBook book = books.of(catalog.catalog());
      return Optional.of(
          new PricedPods(
              catalog.currency(),
              fleet.podsIn(namespace).stream()
                  .filter(CachedPod::holdsNode)
                  .filter(pod -> LabelSelectors.matches(selector, pod.labels()))
                  .map(
                      pod ->
                          new PricedPods.Pod(
                              pod.name(),
                              pod.requests(),
                              fleet.nodes().pricerFor(pod.nodeName(), book)))
                  .toList()));
    }
    return Optional.empty();
  }

  private BudgetActionPlanner.Input planInput(
      WorkloadBudget budget,
      List<BudgetAction> actions,
      boolean dryRun,
      Set<String> namespaces,
      ObservedWorkloads observed) {
    WorkloadBudgetSpec spec = budget.getSpec();
    return new BudgetActionPlanner.Input(
        budget.getMetadata().getName(),
        actions,
        dryRun,
        namespaces,
        patcher.protection(),
        spec.selector == null ? null : spec.selector.workloadSelector,
        spec.exempt,
        Objects.requireNonNullElse(spec.minimumReplicas, 1),
        observed);
  }

  private BudgetScope scopeOf(
      WorkloadBudget budget, Set<String> namespaces, ObservedWorkloads observed) {
    WorkloadBudgetSpec spec = budget.getSpec();
    return new BudgetScope(
        namespaces,
        patcher.protection(),
        spec.selector == null ? null : spec.selector.workloadSelector,
        spec.exempt,
        observed.all().toList());
  }

  /** The cap's decision on status: {@code status.cap} and the {@code Capped} condition. */
  private static void recordCap(
      WorkloadBudgetStatus status,
      WorkloadBudget budget,
      CapEnforcement.Outcome capped,
      String currency,
      Instant now) {
    if (capped == null) {
      if (budget.getSpec().enforcement != Enforcement.Cap) {
        status.cap = null;
        Conditions.remove(status.conditions, CAPPED);
      }
      return;
    }
    status.cap = capped.status();
    BudgetCap.Decision d = capped.decision();
    String affordable =
        "the remaining money affords "
            + BudgetCheckpoint.display(d.affordableCostPerHour()).toPlainString()
            + " "
            + currency
            + "/h until the period ends";
    String reason;
    String message;
    if (d.uncappedOverAffordable()) {
      reason = "CannotHoldLimit";
      message =
          affordable
              + ", but what the cap does not govern (exempt, critical, Jobs) alone costs "
              + BudgetCheckpoint.display(status.cap.uncappedCostPerHour).toPlainString()
              + " "
              + currency
              + "/h: every capped workload is at 0 and spend still passes the limit";
    } else if (d.capped()) {
      reason = CAPPED;
      message =
          affordable
              + "; capped: "
              + d.cappedOnly().stream()
                  .map(
                      a ->
                          a.candidate().workload()
                              + " "
                              + a.allowed()
                              + " of "
                              + a.candidate().wanted())
                  .collect(Collectors.joining(", "));
    } else {
      reason = "WithinMoney";
      message = affordable + "; every workload runs the replicas it wants";
    }
    Conditions.set(
        status.conditions,
        CAPPED,
        d.capped() || d.uncappedOverAffordable(),
        reason,
        message,
        budget.getMetadata().getGeneration(),
        now);
  }

  /** An event on the budget when the cap's allowances change; a hook for notifications. */
  private void announceCap(
      WorkloadBudget budget, WorkloadBudgetStatus previous, CapEnforcement.Outcome capped) {
    if (capped == null) {
      return;
    }
    String before = allowances(previous == null ? null : previous.cap);
    String after = allowances(capped.status());
    if (!before.equals(after)) {
      events.normal(
          budget,
          "BudgetCapChanged",
          "allowed replicas now " + (after.isEmpty() ? "as wanted" : after));
      metrics.countAction(budget.getMetadata().getName(), CAPPED);
    }
    capped
        .skipped()
        .forEach(s -> events.warning(budget, "WorkloadSkipped", s.workload() + ": " + s.reason()));
  }

  /** {@code told} and, when the cap changed what it allows, a CapChanged notice. */
  private static List<Notice> withCapNotice(
      List<Notice> told,
      WorkloadBudget budget,
      BudgetEvaluation evaluation,
      WorkloadBudgetStatus previous,
      CapEnforcement.Outcome capped,
      String currency,
      Instant now) {
    if (capped == null) {
      return told;
    }
    String before = allowances(previous == null ? null : previous.cap);
    String after = allowances(capped.status());
    if (before.equals(after)) {
      return told;
    }
    List<Notice> all = new java.util.ArrayList<>(told);
    all.add(
        CapEnforcement.notice(
            budget.getMetadata().getName(), evaluation, capped, after, currency, now));
    return List.copyOf(all);
  }

  static String allowances(dev.costguard.api.v1alpha1.CapStatus cap) {
    return cap == null
        ? ""
        : cap.workloads.stream()
            .filter(
                w ->
                    w.allowedReplicas != null
                        && w.wantedReplicas != null
                        && w.allowedReplicas < w.wantedReplicas)
            .map(w -> w.kind + " " + w.namespace + "/" + w.name + "=" + w.allowedReplicas)
            .collect(Collectors.joining(", "));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /**
   * Workloads are read only when there is something to do or undo: actions in force or on record, a
   * Notify to deliver, a new period, or a changed spec (which also finds holds a crash left
   * unrecorded).
   */
  private static boolean needsWorkloads(
      BudgetEvaluation evaluation, WorkloadBudgetStatus previous, Long generation) {
    boolean workloadActions = evaluation.actions().stream().anyMatch(a -> a != BudgetAction.Notify);
    boolean onRecord =
        previous != null && (!previous.actions.isEmpty() || !previous.plannedActions.isEmpty());
    boolean notify =
        evaluation.newlyCrossed().stream().anyMatch(t -> t.actions.contains(BudgetAction.Notify));
    boolean specChanged =
        previous == null || !Objects.equals(previous.observedGeneration, generation);
    return workloadActions
        || onRecord
        || notify
        || !evaluation.accrual().closedPeriods().isEmpty()
        || specChanged
        || (previous != null && previous.cap != null);
  }

  private void record(
      WorkloadBudgetStatus status,
      WorkloadBudget budget,
      BudgetValidation.Valid valid,
      Set<String> namespaces,
      BudgetEvaluation evaluation,
      List<Entry> inForce,
      PlanExecution.Outcome carried,
      List<Entry> planned,
      WorkloadBudgetStatus previous,
      boolean dryRun,
      Instant now) {
    status.currency = valid.catalog().currency();
    status.periodStart = Timestamps.format(evaluation.period().start());
    status.periodEnd = Timestamps.format(evaluation.period().end());
    status.spent = evaluation.spent();
    status.accruedUntil = Timestamps.format(evaluation.accrual().state().accruedUntil());
    status.costPerHour = evaluation.costPerHour();
    status.forecast = evaluation.forecast();
    status.utilization = percent(evaluation.utilization());
    evaluation
        .accrual()
        .previousPeriod()
        .ifPresent(
            closed ->
                status.previousPeriod =
                    periodTotal(closed.span().start(), closed.span().end(), closed.spent(), null));
    status.history = history(status.history, evaluation.accrual());
    status.activeThresholds = evaluation.activePercents();
    status.actions =
        statusEntries(inForce, previous == null ? List.of() : previous.actions, now, false);
    status.plannedActions =
        statusEntries(planned, previous == null ? List.of() : previous.plannedActions, now, true);

    Long generation = budget.getMetadata().getGeneration();
    String currency = valid.catalog().currency();
    Readiness.ready(
        status,
        budget,
        dryRun ? Mode.DryRun.name() : ENFORCING,
        "spend accrues from "
            + namespaces.size()
            + " namespace(s) priced by "
            + valid.catalog().name()
            + (dryRun ? "; dry run: actions are planned, no workload is changed" : ""),
        now);
    Conditions.set(
        status.conditions,
        THRESHOLDS_CROSSED,
        !evaluation.activeThresholds().isEmpty(),
        evaluation.activeThresholds().isEmpty() ? "WithinThresholds" : THRESHOLDS_CROSSED,
        evaluation.activeThresholds().isEmpty()
            ? "no threshold crossed"
            : evaluation.activePercents().stream()
                    .map(p -> p + "%")
                    .collect(Collectors.joining(", "))
                + " of "
                + evaluation.limit().toPlainString()
                + " "
                + currency
                + " crossed; in force: "
                + evaluation.actions().stream().map(Enum::name).collect(Collectors.joining(", ")),
        generation,
        now);
    Conditions.set(
        status.conditions,
        BUDGET_AT_RISK,
        evaluation.atRisk(),
        evaluation.atRisk() ? "ForecastOverLimit" : "ForecastWithinLimit",
        "forecast "
            + BudgetCheckpoint.display(evaluation.forecast()).toPlainString()
            + " "
            + currency
            + " at period end, limit "
            + evaluation.limit().toPlainString()
            + " "
            + currency,
        generation,
        now);
    Conditions.set(
        status.conditions,
        BUDGET_EXCEEDED,
        evaluation.exceeded(),
        evaluation.exceeded() ? "LimitReached" : "WithinLimit",
        "spent "
            + BudgetCheckpoint.display(evaluation.spent()).toPlainString()
            + " of "
            + evaluation.limit().toPlainString()
            + " "
            + currency,
        generation,
        now);
    HoldConditions.orphanedHolds(status, budget, orphans.in(namespaces), now);
    HoldConditions.protectedNamespaces(
        status,
        budget,
        namespaces,
        patcher.protection(),
        "their spend is counted, but no action changes a workload there",
        now,
        events);
    HoldConditions.ignoredOriginalFields(
        status,
        budget,
        carried == null ? Map.of() : carried.ignored(),
        carried != null && !carried.applied().isEmpty(),
        now);
    Set<String> existing =
        fleet.namespaces().stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
    if (namespaces.stream().noneMatch(existing::contains)) {
      String message =
          "the selector matches no existing namespace: nothing accrues until one exists";
      Conditions.set(
          status.conditions, NOTHING_SELECTED, true, "NoNamespaces", message, generation, now);
      events.warning(budget, NOTHING_SELECTED, message);
    } else {
      Conditions.remove(status.conditions, NOTHING_SELECTED);
    }
  }

  /** Events and counters for what changed, once the status that records it is written. */
  private void announce(
      WorkloadBudget budget,
      BudgetEvaluation evaluation,
      BudgetActionPlan plan,
      ObservedWorkloads observed,
      WorkloadBudgetStatus previous,
      boolean dryRun) {
    String name = budget.getMetadata().getName();
    evaluation
        .accrual()
        .carriedOver()
        .ifPresent(
            c ->
                events.normal(
                    budget,
                    "CalendarChanged",
                    "period, startDay or timeZone changed: "
                        + BudgetEvaluation.money(c.spent()).toPlainString()
                        + " "
                        + Objects.toString(
                            budget.getStatus() == null ? null : budget.getStatus().currency, "")
                        + " accrued from "
                        + Timestamps.format(c.start())
                        + " to "
                        + Timestamps.format(c.end())
                        + " carried into the period "
                        + Timestamps.format(c.into().start())
                        + ".."
                        + Timestamps.format(c.into().end())
                        + "; thresholds in force stay in force"));
    Map<WorkloadRef, HasMetadata> workloads = new HashMap<>();
    observed.all().forEach(w -> workloads.put(WorkloadRef.of(w), w));
    for (BudgetThreshold threshold : evaluation.newlyCrossed()) {
      if (!threshold.actions.contains(BudgetAction.Notify)) {
        continue;
      }
      String message =
          "WorkloadBudget "
              + name
              + " crossed "
              + threshold.percent
              + "% ("
              + (threshold.basis == BudgetThreshold.ThresholdBasis.Forecast
                  ? "forecast " + evaluation.forecast()
                  : "spent " + evaluation.spent())
              + " of "
              + evaluation.limit().toPlainString()
              + "); actions: "
              + threshold.actions.stream().map(Enum::name).collect(Collectors.joining(", "));
      events.warning(budget, "BudgetThresholdCrossed", message);
      plan.affected().stream()
          .map(workloads::get)
          .filter(Objects::nonNull)
          .forEach(w -> events.warning(w, "BudgetThresholdCrossed", message));
      metrics.countAction(name, BudgetAction.Notify.name());
    }
    if (dryRun) {
      List<WorkloadAction> before = previous == null ? List.of() : previous.plannedActions;
      List<Entry> fresh =
          plan.planned().stream().filter(e -> before.stream().noneMatch(b -> same(b, e))).toList();
      fresh.forEach(e -> metrics.countAction(name, e.action().name()));
      if (!fresh.isEmpty()) {
        events.normal(
            budget,
            "BudgetActionsPlanned",
            "dry run: would apply "
                + fresh.stream()
                    .map(e -> e.action() + " to " + e.workload())
                    .collect(Collectors.joining("; ")));
      }
    }
    plan.skipped()
        .forEach(s -> events.warning(budget, "WorkloadSkipped", s.workload() + ": " + s.reason()));
  }

  /** Entries of {@code status.history}, newest first. */
  static final int HISTORY_LIMIT = 12;

  /** {@code before} with this accrual's carry-over and closed periods in front, newest first. */
  static List<WorkloadBudgetStatus.PeriodTotal> history(
      List<WorkloadBudgetStatus.PeriodTotal> before, AccrualResult accrual) {
    List<WorkloadBudgetStatus.PeriodTotal> added = new java.util.ArrayList<>();
    accrual
        .carriedOver()
        .ifPresent(c -> added.add(periodTotal(c.start(), c.end(), c.spent(), c.into().start())));
    accrual
        .closedPeriods()
        .forEach(c -> added.add(periodTotal(c.span().start(), c.span().end(), c.spent(), null)));
    java.util.Collections.reverse(added);
    added.addAll(before == null ? List.of() : before);
    return List.copyOf(added.subList(0, Math.min(added.size(), HISTORY_LIMIT)));
  }

  private static WorkloadBudgetStatus.PeriodTotal periodTotal(
      Instant start, Instant end, BigDecimal spent, Instant carriedInto) {
    WorkloadBudgetStatus.PeriodTotal total = new WorkloadBudgetStatus.PeriodTotal();
    total.start = Timestamps.format(start);
    total.end = Timestamps.format(end);
    total.spent = BudgetEvaluation.money(spent);
    total.carriedInto = carriedInto == null ? null : Timestamps.format(carriedInto);
    return total;
  }

  private static List<WorkloadAction> statusEntries(
      List<Entry> entries, List<WorkloadAction> before, Instant now, boolean planned) {
    return entries.stream()
        .map(
            e -> {
              WorkloadAction action = new WorkloadAction();
              action.action = e.action();
              action.kind = e.workload().kind();
              action.namespace = e.workload().namespace();
              action.name = e.workload().name();
              action.since =
                  before.stream()
                      .filter(b -> same(b, e))
                      .map(b -> b.since)
                      .filter(Objects::nonNull)
                      .findFirst()
                      .orElse(Timestamps.format(now));
              action.state =
                  planned ? "Planned" : e.keptUserChange() ? "KeptUserChange" : "Applied";
              return action;
            })
        .toList();
  }

  private static List<Entry> entries(WorkloadBudgetStatus status) {
    return status == null
        ? List.of()
        : status.actions.stream()
            .map(
                a ->
                    new Entry(
                        a.action,
                        new WorkloadRef(a.kind, a.namespace, a.name),
                        "KeptUserChange".equals(a.state)))
            .toList();
  }

  private static boolean same(WorkloadAction recorded, Entry entry) {
    return recorded.action == entry.action()
        && entry
            .workload()
            .equals(new WorkloadRef(recorded.kind, recorded.namespace, recorded.name));
  }

  /** The budgets a job names in its {@code costguard.dev/budget} label, before and after. */
  private static Set<ResourceID> budgetsOfJob(ClusterView.Change change) {
    Set<ResourceID> budgets = new java.util.HashSet<>();
    for (HasMetadata job : java.util.Arrays.asList(change.before(), change.after())) {
      if (job != null && JobKind.of(job).isPresent()) {
        ClusterView.budgetOf(job).forEach(name -> budgets.add(new ResourceID(name)));
      }
    }
    return budgets;
  }

  private UpdateControl<WorkloadBudget> rescheduledForPeriodEnd(Instant now, Instant periodEnd) {
    Duration untilEnd = Duration.between(now, periodEnd).plusSeconds(1);
    if (untilEnd.compareTo(resync.interval()) >= 0) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<WorkloadBudget>noUpdate()
        .rescheduleAfter(Math.max(1, resync.toReal(untilEnd).toMillis()));
  }

  private List<io.fabric8.kubernetes.api.model.Node> nodes() {
    return fleet.nodes().all().map(CachedNode::node).toList();
  }

  private static Set<String> namespacesOf(WorkloadBudgetStatus status) {
    return status == null
        ? Set.of()
        : Stream.concat(status.actions.stream(), status.plannedActions.stream())
            .map(a -> a.namespace)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  private static WorkloadBudgetStatus copyOf(WorkloadBudgetStatus status) {
    return status == null
        ? new WorkloadBudgetStatus()
        : Serialization.jsonMapper().convertValue(status, WorkloadBudgetStatus.class);
  }

  /** Spent over limit as a percentage for people: 42%, 42.5%. */
  static String percent(BigDecimal ratio) {
    return ratio
            .movePointRight(2)
            .setScale(1, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }
}
