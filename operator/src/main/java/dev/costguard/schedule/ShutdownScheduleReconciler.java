package dev.costguard.schedule;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.Mode;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.ShutdownScheduleSpec;
import dev.costguard.api.v1alpha1.ShutdownScheduleStatus;
import dev.costguard.cost.CatalogChoice;
import dev.costguard.cost.TemplatePricing;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.Conditions;
import dev.costguard.kube.EventRecorder;
import dev.costguard.kube.HoldConditions;
import dev.costguard.kube.InvalidOriginalStateException;
import dev.costguard.kube.KstatusConditions;
import dev.costguard.kube.LabelSelectors;
import dev.costguard.kube.OrphanedHolds;
import dev.costguard.kube.Readiness;
import dev.costguard.kube.Resync;
import dev.costguard.kube.StatusWriter;
import dev.costguard.kube.Timestamps;
import dev.costguard.kube.UnreadableObjects;
import dev.costguard.kube.WorkloadPatcher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Puts the namespaces of a ShutdownSchedule to sleep and wakes them: observe the namespaces and
 * workloads, decide with {@link ShutdownDecision} and {@link SleepPlanner}, act through {@link
 * WorkloadPatcher}, record status and metrics, and come back at the next transition. Deleting the
 * schedule wakes everything it holds first (finalizer).
 */
@ControllerConfiguration(name = "shutdownschedule")
public class ShutdownScheduleReconciler
    implements Reconciler<ShutdownSchedule>, Cleaner<ShutdownSchedule> {
  /** Set while a workload could not be acted on; says which and why. */
  public static final String DEGRADED = KstatusConditions.DEGRADED;

  /** Set while nothing is written: lists what would sleep. */
  public static final String DRY_RUN = "DryRun";

  /**
   * Degraded reason: a wake found fields in the original-state annotation Costguard never holds.
   */
  public static final String IGNORED_ORIGINAL_FIELDS = HoldConditions.IGNORED_ORIGINAL_FIELDS;

  /** Set while a workload in the schedule's namespaces carries a hold whose holder is gone. */
  public static final String ORPHANED_HOLDS = HoldConditions.ORPHANED_HOLDS;

  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);
  private static final int NAMES_IN_MESSAGES = 20;

  private final ScheduleWorkloads cluster;
  private final WorkloadPatcher patcher;
  private final OrphanedHolds orphans;
  private final EventRecorder events;
  private final UnreadableObjects unreadable;
  private final Clock clock;
  private final Resync resync;
  private final boolean dryRun;
  private final TemplatePricing pricing;
  private final ScheduleMetrics metrics;

  /**
   * @param dryRun global dry run: no schedule writes a workload, whatever its mode
   */
  public ShutdownScheduleReconciler(
      ClusterView view,
      WorkloadPatcher patcher,
      OrphanedHolds orphans,
      TemplatePricing pricing,
      EventRecorder events,
      UnreadableObjects unreadable,
      MeterRegistry meters,
      Clock clock,
      Resync resync,
      boolean dryRun) {
    this.cluster = new ScheduleWorkloads(view);
    this.patcher = patcher;
    this.orphans = orphans;
    this.pricing = pricing;
    this.metrics = new ScheduleMetrics(meters);
    this.events = events;
    this.unreadable = unreadable;
    this.clock = clock;
    this.resync = resync;
    this.dryRun = dryRun;
  }

  @Override
  public List<EventSource<?, ShutdownSchedule>> prepareEventSources(
      EventSourceContext<ShutdownSchedule> context) {
    return List.of(cluster.eventSource(context));
  }

  @Override
  public UpdateControl<ShutdownSchedule> reconcile(
      ShutdownSchedule schedule, Context<ShutdownSchedule> context) {
    if (!unreadable.readable(schedule)) {
      // Reported by UnreadableObjects; a secondary event can still lead here.
      return UpdateControl.noUpdate();
    }
    Instant now = clock.instant();
    ShutdownScheduleSpec spec = schedule.getSpec();
    ShutdownScheduleStatus status = copyOf(schedule.getStatus());
    Optional<String> selectorProblem =
        LabelSelectors.problem("spec.namespaceSelector", spec.namespaceSelector)
            .or(() -> LabelSelectors.problem("spec.exclude", spec.exclude));
    if (selectorProblem.isPresent()) {
      // A selector that cannot be read must not decide what sleeps: nothing is done.
      Readiness.invalid(
          status, schedule, LabelSelectors.INVALID_SELECTOR, selectorProblem.get(), now, events);
      StatusWriter.write(schedule, status, context);
      return UpdateControl.noUpdate();
    }
    SleepSchedule sleepSchedule;
    try {
      sleepSchedule = SleepSchedule.fromSpec(spec);
    } catch (InvalidScheduleException e) {
      // Nothing is put to sleep or woken on a schedule that cannot be read; status keeps the rest.
      Readiness.invalid(
          status, schedule, "InvalidSchedule", String.join("; ", e.problems()), now, events);
      StatusWriter.write(schedule, status, context);
      return UpdateControl.noUpdate();
    }

    Selection selection = select(schedule, sleepSchedule, now);
    ShutdownDecision scheduleNow =
        ShutdownDecision.decide(now, sleepSchedule, new AwakeOverride.NotSet());
    SleepPlan plan =
        SleepPlanner.plan(
            holderOf(schedule),
            selection.states(),
            spec.exclude,
            sleepReplicas(spec),
            cluster.workloads(selection.states().keySet(), holderOf(schedule)));
    boolean enforce = spec.mode != Mode.DryRun && !dryRun;
    Outcome outcome = enforce ? act(schedule, plan) : Outcome.reportOnly(plan);
    report(schedule, plan, outcome, enforce);

    String previousState = status.state == null ? ScheduleState.Awake.name() : status.state;
    status.state = scheduleNow.desiredState().name();
    status.nextTransition = scheduleNow.nextTransition().map(Timestamps::format).orElse(null);
    status.namespaces = new ArrayList<>(selection.states().keySet());
    status.sleepingWorkloads = enforce ? outcome.sleeping() : 0;
    status.keptUserChanges = keptUserChanges(status, outcome);
    estimateSavings(schedule, status, sleepSchedule, plan, now);
    setConditions(status, schedule, selection, scheduleNow, plan, outcome, enforce, now);
    StatusWriter.write(schedule, status, context);

    String name = schedule.getMetadata().getName();
    if (!previousState.equals(status.state)) {
      metrics.transition(name, scheduleNow.desiredState());
    }
    metrics.sleepingWorkloads(name, status.sleepingWorkloads);
    metrics.savings(
        name,
        status.currency,
        Timestamps.format(SleepSavings.periodStart(sleepSchedule, now)),
        status.estimatedSavings);

    // A reschedule replaces the resync interval for this resource, so it may not be longer.
    Duration requeue = min(selection.requeueAfter(), scheduleNow.requeueAfter());
    Duration realDelay = resync.after(requeue);
    return UpdateControl.<ShutdownSchedule>noUpdate()
        .rescheduleAfter(
            outcome.failures().isEmpty() ? realDelay : min(realDelay, RETRY_AFTER_FAILURE));
  }

  /** Wakes everything the schedule holds, anywhere; the schedule goes only once that worked. */
  @Override
  public DeleteControl cleanup(ShutdownSchedule schedule, Context<ShutdownSchedule> context) {
    if (!unreadable.readable(schedule)) {
      // What it holds cannot be known from an unreadable spec: keep the finalizer until the spec
      // is fixed (or a person removes the finalizer), rather than leave workloads half-restored.
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofMinutes(1));
    }
    String name = schedule.getMetadata().getName();
    if (dryRun) {
      metrics.remove(name);
      return DeleteControl.defaultDelete();
    }
    SleepPlan plan =
        SleepPlanner.plan(
            holderOf(schedule),
            Map.of(),
            null,
            sleepReplicas(schedule.getSpec()),
            cluster.workloads(List.of(), holderOf(schedule)));
    Outcome outcome = act(schedule, plan);
    if (outcome.failures().isEmpty()) {
      report(schedule, plan, outcome, true);
      metrics.remove(name);
      return DeleteControl.defaultDelete();
    }
    ShutdownScheduleStatus status = copyOf(schedule.getStatus());
    Conditions.set(
        status.conditions,
        DEGRADED,
        true,
        "RestoreFailed",
        "the schedule is deleted but these workloads could not be woken; it stays until they are: "
            + names(outcome.failures()),
        schedule.getMetadata().getGeneration(),
        clock.instant());
    StatusWriter.write(schedule, status, context);
    events.warning(schedule, "RestoreFailed", "could not wake " + names(outcome.failures()));
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_AFTER_FAILURE);
  }

  /**
   * The namespaces the schedule acts on and the state each should be in.
   *
   * @param states namespace to desired state, sorted by name
   * @param protectedNamespaces selected but never touched
   * @param requeueAfter soonest change of any namespace's state (awake-until overrides)
   */
  private record Selection(
      Map<String, ScheduleState> states, List<String> protectedNamespaces, Duration requeueAfter) {}

  private Selection select(ShutdownSchedule schedule, SleepSchedule sleepSchedule, Instant now) {
    ShutdownScheduleSpec spec = schedule.getSpec();
    Map<String, ScheduleState> states = new TreeMap<>();
    List<String> protectedNamespaces = new ArrayList<>();
    Duration requeue = ShutdownDecision.MAX_REQUEUE;
    for (Namespace namespace : cluster.namespaces()) {
      String name = namespace.getMetadata().getName();
      boolean selected =
          (spec.namespaces != null && spec.namespaces.contains(name))
              || LabelSelectors.matches(
                  spec.namespaceSelector, namespace.getMetadata().getLabels());
      if (!selected || !cluster.inScope(name)) {
        continue;
      }
      if (patcher.protection().contains(name)) {
        protectedNamespaces.add(name);
        continue;
      }
      String awakeUntil =
          Optional.ofNullable(namespace.getMetadata().getAnnotations())
              .map(a -> a.get(CostguardApi.AWAKE_UNTIL_ANNOTATION))
              .orElse(null);
      ShutdownDecision decision =
          ShutdownDecision.decide(now, sleepSchedule, AwakeUntilAnnotation.parse(awakeUntil));
      states.put(name, decision.desiredState());
      requeue = min(requeue, decision.requeueAfter());
      decision
          .ignoredOverride()
          .ifPresent(
              problem ->
                  events.warning(
                      schedule, "InvalidAwakeUntil", "namespace " + name + ": " + problem));
    }
    return new Selection(states, protectedNamespaces, requeue);
  }

  /**
   * What acting on a plan did: workloads now asleep, those a person changed while asleep (left as
   * set), and workload name to the reason it could not be acted on.
   */
  private record Outcome(
      int sleeping,
      List<String> keptUserChanges,
      Map<String, String> failures,
      Map<String, String> ignoredOriginals) {
    static Outcome reportOnly(SleepPlan plan) {
      return new Outcome(0, List.of(), unreadable(plan), Map.of());
    }

    private static Map<String, String> unreadable(SleepPlan plan) {
      Map<String, String> problems = new TreeMap<>();
      plan.steps(SleepPlan.Action.UnreadableOriginal)
          .forEach(s -> problems.put(s.workloadName(), String.join("; ", s.detail())));
      return problems;
    }
  }

  private Outcome act(ShutdownSchedule schedule, SleepPlan plan) {
    String holder = holderOf(schedule);
    int sleeping = 0;
    List<String> kept = new ArrayList<>();
    Map<String, String> failures = Outcome.unreadable(plan);
    Map<String, String> ignored = new TreeMap<>();
    for (SleepPlan.Step step : plan.steps()) {
      try {
        switch (step.action()) {
          case Sleep -> {
            patcher.hold(step.workload(), holder, step.changes());
            sleeping += step.kind().isAutoscaler() ? 0 : 1;
          }
          case Wake -> {
            var released = patcher.release(step.workload(), holder);
            if (!released.ignored().isEmpty()) {
              ignored.put(step.workloadName(), String.join("; ", released.ignored()));
            }
            List<String> personChanged = released.keptUserChanges();
            if (!personChanged.isEmpty()) {
              kept.add(step.workloadName());
              events.normal(
                  step.workload(),
                  "KeptUserChange",
                  "woken by "
                      + holder
                      + "; "
                      + String.join(", ", personChanged)
                      + " left as changed while asleep");
            }
          }
          case LeftAsPersonSet -> {
            kept.add(step.workloadName());
            events.normal(
                step.workload(),
                "KeptUserChange",
                String.join(", ", step.detail())
                    + " changed while asleep under "
                    + holder
                    + "; left as set, also at wake-up");
          }
          case UnreadableOriginal ->
              events.warning(
                  step.workload(),
                  "UnreadableOriginalState",
                  String.join("; ", step.detail()) + "; " + holder + " leaves this workload alone");
          case AtOrBelowSleepReplicas -> {} // reported in Ready; nothing to write
        }
      } catch (KubernetesClientException | InvalidOriginalStateException e) {
        // One workload's conflict or refusal must not stop the others; the next reconcile retries.
        failures.put(step.workloadName(), e.getMessage());
      }
    }
    return new Outcome(sleeping, kept, failures, ignored);
  }

  /** One event per batch on the schedule, naming what was put to sleep, woken or would be. */
  private void report(ShutdownSchedule schedule, SleepPlan plan, Outcome outcome, boolean enforce) {
    List<String> sleeping =
        plan.writes().stream()
            .filter(
                s ->
                    s.action() == SleepPlan.Action.Sleep
                        && !outcome.failures().containsKey(s.workloadName()))
            .map(SleepPlan.Step::workloadName)
            .toList();
    List<String> woken =
        plan.steps(SleepPlan.Action.Wake).stream()
            .filter(s -> !outcome.failures().containsKey(s.workloadName()))
            .map(SleepPlan.Step::workloadName)
            .toList();
    if (!enforce) {
      if (!sleeping.isEmpty()) {
        events.normal(schedule, "WouldSleep", "dry run; would put to sleep " + names(sleeping));
      }
      return;
    }
    if (!sleeping.isEmpty()) {
      events.normal(schedule, "Sleep", "put to sleep " + names(sleeping));
    }
    if (!woken.isEmpty()) {
      events.normal(schedule, "Wake", "woke " + names(woken));
    }
    outcome
        .failures()
        .forEach(
            (workload, problem) ->
                events.warning(schedule, "ActionFailed", workload + ": " + problem));
  }

  private void setConditions(
      ShutdownScheduleStatus status,
      ShutdownSchedule schedule,
      Selection selection,
      ShutdownDecision scheduleNow,
      SleepPlan plan,
      Outcome outcome,
      boolean enforce,
      Instant now) {
    Long generation = schedule.getMetadata().getGeneration();
    String message =
        status.state
            + " in "
            + status.namespaces.size()
            + " namespaces"
            + scheduleNow.nextTransition().map(t -> " until " + Timestamps.format(t)).orElse("");
    if (!selection.protectedNamespaces().isEmpty()) {
      message +=
          "; protected, never touched: " + String.join(", ", selection.protectedNamespaces());
    }
    List<String> low =
        plan.steps(SleepPlan.Action.AtOrBelowSleepReplicas).stream()
            .map(SleepPlan.Step::workloadName)
            .toList();
    if (!low.isEmpty()) {
      message +=
          "; left as they are, already at or below sleepReplicas (sleep only lowers): "
              + names(low);
    }
    List<String> selected = new ArrayList<>(selection.states().keySet());
    selected.addAll(selection.protectedNamespaces());
    List<OrphanedHolds.Orphan> orphaned = orphans.in(selected);
    if (!orphaned.isEmpty()) {
      message +=
          "; " + orphaned.size() + " orphaned hold(s) in its namespaces, see " + ORPHANED_HOLDS;
    }
    HoldConditions.orphanedHolds(status, schedule, orphaned, now);
    HoldConditions.protectedNamespaces(
        status,
        schedule,
        selection.protectedNamespaces(),
        patcher.protection(),
        "nothing there is put to sleep",
        now,
        events);
    Readiness.ready(status, schedule, status.state, message, now);
    if (enforce) {
      Conditions.remove(status.conditions, DRY_RUN);
    } else {
      List<String> wouldSleep =
          plan.writes().stream()
              .filter(s -> s.action() == SleepPlan.Action.Sleep)
              .map(SleepPlan.Step::workloadName)
              .toList();
      Conditions.set(
          status.conditions,
          DRY_RUN,
          true,
          dryRun ? "GlobalDryRun" : "ModeDryRun",
          wouldSleep.isEmpty()
              ? "nothing would change now"
              : "would put to sleep " + names(wouldSleep),
          generation,
          now);
    }
    if (!outcome.failures().isEmpty()) {
      Conditions.set(
          status.conditions,
          DEGRADED,
          true,
          "WorkloadsNotActedOn",
          outcome.failures().entrySet().stream()
              .limit(NAMES_IN_MESSAGES)
              .map(f -> f.getKey() + ": " + f.getValue())
              .toList()
              .toString(),
          generation,
          now);
      return;
    }
    if (!HoldConditions.reportsIgnoredFields(status)) {
      Conditions.remove(status.conditions, DEGRADED);
    }
    // A wake that ignored injected fields stays reported until the next sleep.
    HoldConditions.ignoredOriginalFields(
        status,
        schedule,
        outcome.ignoredOriginals(),
        !ScheduleState.Awake.name().equals(status.state),
        now);
  }

  /**
   * Workloads a person changed while asleep: those held now, plus those woken with their change
   * kept, which stay listed while the schedule is awake and clear when it sleeps again.
   */
  private static List<String> keptUserChanges(ShutdownScheduleStatus status, Outcome outcome) {
    TreeSet<String> kept = new TreeSet<>(outcome.keptUserChanges());
    if (ScheduleState.Awake.name().equals(status.state)) {
      kept.addAll(status.keptUserChanges);
    }
    return new ArrayList<>(kept);
  }

  /**
   * Savings this period at the chosen catalog's prices. Without a usable catalog the estimate is
   * left out and an event says why; sleeping does not depend on it.
   */
  private void estimateSavings(
      ShutdownSchedule schedule,
      ShutdownScheduleStatus status,
      SleepSchedule sleepSchedule,
      SleepPlan plan,
      Instant now) {
    CatalogChoice choice = pricing.choose(schedule.getSpec().priceCatalogRef);
    Instant recorded = status.savingsSince == null ? null : Timestamps.parse(status.savingsSince);
    Instant since = SleepSavings.countingSince(sleepSchedule, recorded, now);
    status.savingsSince = Timestamps.format(since);
    if (choice instanceof CatalogChoice.Chosen catalog) {
      status.estimatedSavings =
          SleepSavings.thisPeriod(sleepSchedule, costPerHour(plan, catalog), since, now);
      status.currency = catalog.currency();
    } else if (choice instanceof CatalogChoice.Unavailable unavailable) {
      status.estimatedSavings = null;
      status.currency = null;
      events.warning(
          schedule, unavailable.reason(), "savings not estimated: " + unavailable.message());
    }
  }

  /** What the workloads the schedule puts to sleep cost per hour while awake. */
  private BigDecimal costPerHour(SleepPlan plan, CatalogChoice.Chosen catalog) {
    return plan.sleepers().stream()
        .map(
            s ->
                podSpecOf(s.workload())
                    .map(spec -> pricing.perPodHour(catalog, spec))
                    .orElse(BigDecimal.ZERO)
                    .multiply(BigDecimal.valueOf(s.sleepingReplicas())))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static Optional<PodSpec> podSpecOf(HasMetadata workload) {
    PodTemplateSpec template =
        workload instanceof Deployment d && d.getSpec() != null
            ? d.getSpec().getTemplate()
            : workload instanceof StatefulSet s && s.getSpec() != null
                ? s.getSpec().getTemplate()
                : null;
    return Optional.ofNullable(template).map(PodTemplateSpec::getSpec);
  }

  static String holderOf(ShutdownSchedule schedule) {
    return "ShutdownSchedule/" + schedule.getMetadata().getName();
  }

  private static int sleepReplicas(ShutdownScheduleSpec spec) {
    return spec.sleepReplicas == null ? 0 : spec.sleepReplicas;
  }

  private static ShutdownScheduleStatus copyOf(ShutdownScheduleStatus status) {
    return status == null
        ? new ShutdownScheduleStatus()
        : Serialization.jsonMapper().convertValue(status, ShutdownScheduleStatus.class);
  }

  private static String names(Map<String, String> failures) {
    return names(List.copyOf(failures.keySet()));
  }

  private static String names(List<String> workloads) {
    String shown =
        String.join(", ", workloads.subList(0, Math.min(workloads.size(), NAMES_IN_MESSAGES)));
    int more = workloads.size() - NAMES_IN_MESSAGES;
    return workloads.size() + " workload(s): " + shown + (more > 0 ? " and " + more + " more" : "");
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
