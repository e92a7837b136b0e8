package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.Mode;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.ScalingPolicySpec;
import dev.costguard.api.v1alpha1.ScalingPolicyStatus;
import dev.costguard.api.v1alpha1.ScalingTrigger;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.cost.CatalogChoice;
import dev.costguard.cost.TemplatePricing;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.Conditions;
import dev.costguard.kube.EventRecorder;
import dev.costguard.kube.HoldConditions;
import dev.costguard.kube.InvalidOriginalStateException;
import dev.costguard.kube.Keda;
import dev.costguard.kube.OrphanedHolds;
import dev.costguard.kube.ProtectedNamespaces;
import dev.costguard.kube.Readiness;
import dev.costguard.kube.Resync;
import dev.costguard.kube.StatusWriter;
import dev.costguard.kube.Timestamps;
import dev.costguard.kube.UnreadableObjects;
import dev.costguard.kube.ViewEventSource;
import dev.costguard.kube.WorkloadPatcher;
import dev.costguard.scaling.ScalingDecision.Direction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
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
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Scales a policy's workload: observe (target, autoscaler, triggers, budget), decide ({@link
 * ReplicaCalculator}), act (replicas or autoscaler bounds, spot placement), record (status, events,
 * metrics). Deleting the policy leaves replicas as they are and restores what it held.
 */
@ControllerConfiguration(name = "scalingpolicy")
public class ScalingPolicyReconciler implements Reconciler<ScalingPolicy>, Cleaner<ScalingPolicy> {
  static final String SCALING_LIMITED = "ScalingLimited";
  static final String CONFLICT = "Conflict";
  static final String METRICS_UNAVAILABLE = "MetricsUnavailable";
  static final String SCALING_HELD = "ScalingHeld";

  /** How often triggers are read at most, as the HPA's sync period (or the resync, if shorter). */
  static final Duration SYNC_PERIOD = Duration.ofSeconds(15);

  private static final String GPU_UTILISATION_SERIES = "DCGM_FI_DEV_GPU_UTIL";

  private final ClusterView view;
  private final WorkloadPatcher patcher;
  private final OrphanedHolds orphans;
  private final EventRecorder events;
  private final UnreadableObjects unreadable;
  private final Clock clock;
  private final Resync resync;
  private final boolean dryRun;
  private final ScaleTargets targets;
  private final PodUtilisation podUtilisation;
  private final PrometheusQueries prometheus;
  private final Budgets budgets;
  private final TemplatePricing pricing;
  private final ScalingActuator actuator;
  private final ScalingMetrics metrics;

  /**
   * @param dryRun global dry run: no policy writes a workload, whatever its mode
   */
  public ScalingPolicyReconciler(
      ClusterView view,
      WorkloadPatcher patcher,
      OrphanedHolds orphans,
      PodUtilisation podUtilisation,
      PrometheusQueries prometheus,
      TemplatePricing pricing,
      EventRecorder events,
      UnreadableObjects unreadable,
      MeterRegistry meters,
      Clock clock,
      Resync resync,
      boolean dryRun) {
    this.view = view;
    this.patcher = patcher;
    this.orphans = orphans;
    this.targets = new ScaleTargets(view);
    this.podUtilisation = podUtilisation;
    this.prometheus = prometheus;
    this.budgets = new WorkloadBudgetStatusReader(view::workloadBudget);
    this.pricing = pricing;
    this.actuator = new ScalingActuator(view, patcher);
    this.metrics = new ScalingMetrics(meters);
    this.events = events;
    this.unreadable = unreadable;
    this.clock = clock;
    this.resync = resync;
    this.dryRun = dryRun;
  }

  /**
   * Its workload appearing or going, a change to the autoscaler on it, or to the budget it names
   * reconciles a policy now rather than at its next sync.
   */
  @Override
  public List<EventSource<?, ScalingPolicy>> prepareEventSources(
      EventSourceContext<ScalingPolicy> context) {
    return List.of(
        new ViewEventSource<>(
            "scalingpolicy-cluster",
            view,
            change -> {
              HasMetadata object = change.object();
              if (object instanceof WorkloadBudget budget) {
                String name = budget.getMetadata().getName();
                return policies(context, p -> name.equals(p.getSpec().budgetRef));
              }
              if (change.onlyStatus()) {
                return Set.of();
              }
              String namespace = object.getMetadata().getNamespace();
              String kind = object.getKind();
              if (ScaleTargets.HPA_KIND.equals(kind) || Keda.SCALED_OBJECT.equals(kind)) {
                Set<String> targets = new HashSet<>();
                Stream.of(change.before(), change.after())
                    .filter(Objects::nonNull)
                    .forEach(a -> ClusterView.scaleTargetOf(a).ifPresent(targets::add));
                return policies(
                    context,
                    p ->
                        p.getMetadata().getNamespace().equals(namespace)
                            && targets.contains(
                                namespace
                                    + "/"
                                    + p.getSpec().targetRef.kind
                                    + "/"
                                    + p.getSpec().targetRef.name));
              }
              // A target appearing or going; its replicas and template are read at the next sync,
              // and its
              // updates (the policy's own replica writes among them) trigger nothing, so the policy
              // never
              // reacts to itself.
              boolean appearedOrWent = change.before() == null || change.after() == null;
              if (appearedOrWent
                  && (object instanceof Deployment || object instanceof StatefulSet)) {
                String name = object.getMetadata().getName();
                return policies(
                    context,
                    p ->
                        p.getMetadata().getNamespace().equals(namespace)
                            && kind.equals(String.valueOf(p.getSpec().targetRef.kind))
                            && name.equals(p.getSpec().targetRef.name));
              }
              return Set.of();
            }));
  }

  private static Set<ResourceID> policies(
      EventSourceContext<ScalingPolicy> context, Predicate<ScalingPolicy> concerned) {
    return context
        .getPrimaryCache()
        .list()
        .filter(p -> p.getSpec() != null && p.getSpec().targetRef != null)
        .filter(concerned)
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  @Override
  public UpdateControl<ScalingPolicy> reconcile(
      ScalingPolicy policy, Context<ScalingPolicy> context) {
    if (!unreadable.readable(policy)) {
      // Reported by UnreadableObjects; a secondary event can still lead here.
      return UpdateControl.noUpdate();
    }
    Instant now = clock.instant();
    ScalingPolicyStatus status = ScalingStatus.carriedOver(policy.getStatus());
    try {
      scale(policy, status, context, now);
    } catch (PolicyProblem problem) {
      Readiness.invalid(status, policy, problem.reason(), problem.getMessage(), now, events);
    }
    HoldConditions.orphanedHolds(
        status, policy, orphans.in(List.of(policy.getMetadata().getNamespace())), now);
    StatusWriter.write(policy, status, context);
    return UpdateControl.<ScalingPolicy>noUpdate().rescheduleAfter(resync.after(SYNC_PERIOD));
  }

  private void scale(
      ScalingPolicy policy, ScalingPolicyStatus status, Context<ScalingPolicy> context, Instant now)
      throws PolicyProblem {
    ScalingPolicySpec spec = policy.getSpec();
    String namespace = policy.getMetadata().getNamespace();
    String name = policy.getMetadata().getName();
    Long generation = policy.getMetadata().getGeneration();
    validate(spec);
    if (patcher.protection().contains(namespace)) {
      // Nothing is scaled, bounded or placed here; what an earlier version held is given back.
      HoldConditions.ignoredOriginalFields(status, policy, releaseHolds(policy), false, now);
      throw new PolicyProblem(ProtectedNamespaces.REASON, ProtectedNamespaces.message(namespace));
    }

    // Observe
    Optional<ScalingPolicy> older =
        ScaleTargets.olderPolicy(
            policy,
            context.getPrimaryCache().list(namespace).toList(),
            ScalingPolicyReconciler::isValid);
    if (older.isPresent()) {
      String message =
          "ScalingPolicy "
              + older.get().getMetadata().getName()
              + " is older and scales "
              + spec.targetRef.name
              + "; this policy does nothing";
      Conditions.set(
          status.conditions, CONFLICT, true, "OlderPolicyOwnsTarget", message, generation, now);
      Readiness.invalid(status, policy, "Conflict", message, now, events);
      return;
    }
    Conditions.set(
        status.conditions,
        CONFLICT,
        false,
        "NoConflict",
        "no other policy scales " + spec.targetRef.name,
        generation,
        now);
    ScaleTarget target = targets.find(policy);
    BudgetCeiling ceiling = budgetCeiling(spec, target, now);
    List<TriggerReading> readings = new ArrayList<>();
    List<TriggerFailure> failures = new ArrayList<>();
    List<PodState> pods = List.of();
    int minReplicas = spec.minReplicas == null ? 1 : spec.minReplicas;
    Optional<ReplicaHold> hold =
        target.autoscaler() != null ? Optional.empty() : holdOf(target, name, minReplicas);
    if (hold.isPresent()) {
      held(policy, status, target, hold.get(), now);
      return;
    }
    Conditions.set(
        status.conditions,
        SCALING_HELD,
        false,
        "NotHeld",
        "nothing else holds the target's replicas",
        generation,
        now);
    if (target.autoscaler() == null) {
      List<io.fabric8.kubernetes.api.model.Pod> existing =
          podUtilisation.pods(namespace, target.podLabels());
      pods = PodUtilisation.states(existing);
      readTriggers(spec, namespace, target, existing, readings, failures);
    }

    // Decide
    ScalingDecision decision =
        ReplicaCalculator.decide(
            new ScalingInput(
                now,
                target.currentReplicas(),
                minReplicas,
                spec.maxReplicas,
                ReplicaWindows.minimumAt(spec.schedules, now),
                ceiling,
                readings,
                ScalingRules.scaleUp(spec.behavior),
                ScalingRules.scaleDown(spec.behavior),
                ScalingStatus.historyOf(status),
                pods));

    // Act
    boolean write = spec.mode != Mode.DryRun && !dryRun;
    String holder = ScalingActuator.holder(name);
    ReplicaHistory history = decision.history();
    boolean act = failures.isEmpty();
    HasMetadata workload = target.workload();
    if (target.autoscaler() != null) {
      if (write) {
        actuator.boundAutoscaler(
            target.autoscaler(), holder, decision.minimum(), decision.maximum());
      }
    } else if (act && decision.direction() != Direction.None) {
      if (write) {
        workload = actuator.scaleReplicas(workload, decision.desiredReplicas());
        history = history.scaled(now, decision.desiredReplicas() - target.currentReplicas());
        status.lastScaleTime = Timestamps.format(now);
      }
      recordScale(policy, target, decision, write);
    }
    PlacementDecision placement =
        PlacementDecision.decide(workload, spec.spot, holder, write, view.nodes());
    Map<String, String> ignoredPlacement = actuator.apply(workload, holder, placement.write());
    HoldConditions.ignoredOriginalFields(
        status,
        policy,
        ignoredPlacement,
        write && (target.autoscaler() != null || PlacementDecision.SPOT.equals(placement.state())),
        now);

    // Record
    status.currentReplicas = target.currentReplicas();
    status.desiredReplicas = act ? decision.desiredReplicas() : target.currentReplicas();
    status.scaledVia = target.scaledVia();
    status.limitedBy = decision.limitedBy() == null ? null : decision.limitedBy().name();
    status.placement = placement.state();
    status.metrics = ScalingStatus.valuesOf(readings, now);
    ScalingStatus.setHistory(status, history);
    recordConditions(policy, status, target, decision, failures, placement, write, now);
    metrics.record(
        namespace,
        name,
        status.desiredReplicas,
        readings,
        !failures.isEmpty() || !decision.unknownTriggers().isEmpty(),
        now);
    gpuUtilisation(spec, namespace, readings, now);
  }

  private static Optional<ReplicaHold> holdOf(ScaleTarget target, String policy, int minReplicas)
      throws PolicyProblem {
    try {
      return ReplicaHold.of(
          WorkloadPatcher.originalStateOf(target.workload()),
          ScalingActuator.holder(policy),
          target.scaledVia(),
          target.currentReplicas(),
          minReplicas);
    } catch (InvalidOriginalStateException e) {
      throw new PolicyProblem(
          "InvalidOriginalState",
          target.scaledVia()
              + ": annotation "
              + CostguardApi.ORIGINAL_ANNOTATION
              + " "
              + e.getMessage()
              + "; the workload is left as it is");
    }
  }

  /**
   * Another holder (or a person's 0) has the replicas: record it, change nothing, keep the history.
   */
  private void held(
      ScalingPolicy policy,
      ScalingPolicyStatus status,
      ScaleTarget target,
      ReplicaHold hold,
      Instant now) {
    Long generation = policy.getMetadata().getGeneration();
    Conditions.set(
        status.conditions, SCALING_HELD, true, hold.reason(), hold.message(), generation, now);
    status.currentReplicas = target.currentReplicas();
    status.desiredReplicas = target.currentReplicas();
    status.scaledVia = target.scaledVia();
    status.limitedBy = null;
    Conditions.set(
        status.conditions,
        SCALING_LIMITED,
        false,
        "WithinLimits",
        "the policy is held: " + hold.message(),
        generation,
        now);
    Readiness.ready(
        status, policy, hold.reason(), "holds " + target.scaledVia() + ": " + hold.message(), now);
  }

  /** An invalid policy does nothing, so it cannot own a target and block a newer, valid one. */
  static boolean isValid(ScalingPolicy policy) {
    try {
      validate(policy.getSpec());
      return true;
    } catch (PolicyProblem | RuntimeException invalid) {
      return false;
    }
  }

  private static void validate(ScalingPolicySpec spec) throws PolicyProblem {
    if (spec.targetRef == null || spec.targetRef.name == null || spec.targetRef.kind == null) {
      throw new PolicyProblem("InvalidSpec", "targetRef with kind and name is required");
    }
    if (spec.maxReplicas == null) {
      throw new PolicyProblem("InvalidSpec", "maxReplicas is required");
    }
    for (int i = 0; i < spec.triggers.size(); i++) {
      ScalingTrigger trigger = spec.triggers.get(i);
      String at = "triggers[" + i + "]";
      if (trigger == null || trigger.type == null) {
        throw new PolicyProblem("InvalidTrigger", at + ": type is required");
      }
      if (trigger.type != ScalingTrigger.TriggerType.Prometheus && trigger.resource == null) {
        throw new PolicyProblem(
            "InvalidTrigger",
            at + ": a " + trigger.type + " trigger needs resource (cpu or memory)");
      }
      if (trigger.type == ScalingTrigger.TriggerType.ContainerResource
          && (trigger.container == null || trigger.container.isBlank())) {
        throw new PolicyProblem(
            "InvalidTrigger", at + ": a ContainerResource trigger needs container");
      }
      if (trigger.target != null) {
        if (trigger.scaleUpAbove != null || trigger.scaleDownBelow != null) {
          throw new PolicyProblem(
              "InvalidTrigger",
              at
                  + ": a trigger has either a target or a band (scaleUpAbove and scaleDownBelow), not both");
        }
        validateTarget(trigger, at);
        continue;
      }
      if (trigger.scaleUpAbove == null || trigger.scaleDownBelow == null) {
        throw new PolicyProblem(
            "InvalidTrigger", at + ": a target, or scaleUpAbove and scaleDownBelow, are required");
      }
      if (!Double.isFinite(trigger.scaleUpAbove) || !Double.isFinite(trigger.scaleDownBelow)) {
        throw new PolicyProblem(
            "InvalidTrigger", at + ": scaleUpAbove and scaleDownBelow must be finite numbers");
      }
      if (trigger.scaleDownBelow >= trigger.scaleUpAbove) {
        throw new PolicyProblem(
            "InvalidTrigger",
            at
                + ": scaleDownBelow "
                + ScalingStatus.decimal(trigger.scaleDownBelow)
                + " must be below scaleUpAbove "
                + ScalingStatus.decimal(trigger.scaleUpAbove));
      }
    }
    int min = spec.minReplicas == null ? 1 : spec.minReplicas;
    if (min > spec.maxReplicas) {
      throw new PolicyProblem(
          "MinAboveMax", "minReplicas " + min + " exceeds maxReplicas " + spec.maxReplicas);
    }
    try {
      ReplicaWindows.validate(spec.schedules);
    } catch (DateTimeException e) {
      throw new PolicyProblem(
          "InvalidSchedule",
          "schedules: "
              + e.getMessage()
              + "; use an IANA zone such as Europe/Berlin and HH:MM times");
    }
  }

  /**
   * What the CRD's CEL checks, again for objects that got past it, and the quantities it cannot.
   */
  private static void validateTarget(ScalingTrigger trigger, String at) throws PolicyProblem {
    var target = trigger.target;
    if (target.type == null) {
      throw new PolicyProblem(
          "InvalidTarget", at + ".target: type is required (Utilization, AverageValue or Value)");
    }
    boolean prometheus = trigger.type == ScalingTrigger.TriggerType.Prometheus;
    if (target.type == dev.costguard.api.v1alpha1.MetricTarget.TargetType.Utilization
        && prometheus) {
      throw new PolicyProblem(
          "InvalidTarget",
          at
              + ": a Utilization target is for Resource and ContainerResource triggers; use Value or AverageValue");
    }
    if (target.type == dev.costguard.api.v1alpha1.MetricTarget.TargetType.Value && !prometheus) {
      throw new PolicyProblem(
          "InvalidTarget",
          at + ": a Value target is for Prometheus triggers; use Utilization or AverageValue");
    }
    Aim aim;
    try {
      aim = Aim.of(trigger);
    } catch (RuntimeException e) { // a quantity the schema let through but that does not parse
      throw new PolicyProblem(
          "InvalidTarget",
          at + ".target: " + e.getMessage() + "; write a quantity such as 500m, 2Gi or \"0.5\"");
    }
    if (!(aim.target() > 0) || Double.isInfinite(aim.target())) {
      throw new PolicyProblem(
          "InvalidTarget", at + ".target: the " + target.type + " target must be a number above 0");
    }
  }

  private BudgetCeiling budgetCeiling(ScalingPolicySpec spec, ScaleTarget target, Instant now)
      throws PolicyProblem {
    if (spec.budgetRef == null || spec.budgetRef.isBlank()) {
      return BudgetCeiling.NONE;
    }
    Optional<BudgetStanding> standing;
    try {
      standing = budgets.standing(spec.budgetRef, target.workload());
    } catch (Budgets.BudgetNotFoundException e) {
      throw new PolicyProblem("BudgetNotFound", e.getMessage() + "; create it or remove budgetRef");
    }
    if (standing.isEmpty()) {
      return BudgetCeiling.NONE;
    }
    // Priced with the budget's catalog, so the cap is in the budget's money.
    BigDecimal perReplica =
        pricing.choose(standing.get().priceCatalogRef()) instanceof CatalogChoice.Chosen catalog
                && catalog.currency().equals(standing.get().currency())
            ? pricing.perPodHour(catalog, target.template().getSpec())
            : null;
    return standing.get().ceiling(perReplica, target.currentReplicas(), now);
  }

  private void readTriggers(
      ScalingPolicySpec spec,
      String namespace,
      ScaleTarget target,
      List<io.fabric8.kubernetes.api.model.Pod> pods,
      List<TriggerReading> readings,
      List<TriggerFailure> failures) {
    for (int i = 0; i < spec.triggers.size(); i++) {
      ScalingTrigger trigger = spec.triggers.get(i);
      String triggerName = triggerName(trigger, i);
      if (trigger.type != ScalingTrigger.TriggerType.Prometheus) {
        readings.add(
            podUtilisation.read(triggerName, trigger, namespace, target.podLabels(), pods));
        continue;
      }
      try {
        readings.add(prometheus.read(triggerName, trigger, namespace));
      } catch (TriggerFailure failure) {
        failures.add(failure);
        readings.add(
            TriggerReading.unknown(
                triggerName, failure.getMessage(), Aim.of(trigger), Duration.ZERO));
      }
    }
  }

  /**
   * {@code cpu}, {@code memory}, {@code cpu/<container>}, or {@code prometheus-<position>}
   * (1-based).
   */
  static String triggerName(ScalingTrigger trigger, int index) {
    return switch (trigger.type) {
      case Resource -> trigger.resource.name();
      case ContainerResource -> trigger.resource.name() + "/" + trigger.container;
      case Prometheus -> "prometheus-" + (index + 1);
    };
  }

  private void recordScale(
      ScalingPolicy policy, ScaleTarget target, ScalingDecision decision, boolean written) {
    String what =
        target.scaledVia()
            + " "
            + target.currentReplicas()
            + " -> "
            + decision.desiredReplicas()
            + ": "
            + decision.explanation();
    if (written) {
      events.normal(policy, decision.direction() == Direction.Up ? "ScaledUp" : "ScaledDown", what);
      metrics.scaled(
          policy.getMetadata().getNamespace(),
          policy.getMetadata().getName(),
          decision.direction().name().toLowerCase(Locale.ROOT),
          decision.reason());
    } else {
      // No live metric value in the message: the same would-be scale is one event, de-duplicated,
      // not a new one every sync; the value is in status.
      events.normal(
          policy,
          "DryRunScale",
          "would scale "
              + target.scaledVia()
              + " "
              + target.currentReplicas()
              + " -> "
              + decision.desiredReplicas()
              + " ("
              + decision.reason()
              + ")");
    }
  }

  private void recordConditions(
      ScalingPolicy policy,
      ScalingPolicyStatus status,
      ScaleTarget target,
      ScalingDecision decision,
      List<TriggerFailure> failures,
      PlacementDecision placement,
      boolean write,
      Instant now) {
    Long generation = policy.getMetadata().getGeneration();
    Conditions.set(
        status.conditions,
        SCALING_LIMITED,
        decision.limitedBy() != null,
        decision.limitedBy() == null ? "WithinLimits" : decision.limitedBy().name(),
        decision.limitedBy() == null
            ? "desired replicas are within every limit"
            : decision.explanation(),
        generation,
        now);
    if (!failures.isEmpty()) {
      TriggerFailure first = failures.get(0);
      String message =
          String.join("; ", failures.stream().map(Throwable::getMessage).toList())
              + "; the workload is left as it is";
      Conditions.set(
          status.conditions, METRICS_UNAVAILABLE, true, first.reason(), message, generation, now);
      if (!first.invalidInput()) {
        events.warning(policy, first.reason(), message); // invalid input warns through Ready
      }
    } else if (!decision.unknownTriggers().isEmpty()) {
      Conditions.set(
          status.conditions,
          METRICS_UNAVAILABLE,
          true,
          "MetricsUnknown",
          String.join("; ", decision.unknownTriggers()) + "; never a reason to scale down",
          generation,
          now);
    } else {
      Conditions.set(
          status.conditions,
          METRICS_UNAVAILABLE,
          false,
          "MetricsAvailable",
          "every trigger has a current value",
          generation,
          now);
    }
    Optional<TriggerFailure> invalid =
        failures.stream().filter(TriggerFailure::invalidInput).findFirst();
    if (invalid.isPresent()) {
      Readiness.invalid(
          status, policy, invalid.get().reason(), invalid.get().getMessage(), now, events);
      return;
    }
    String acting =
        target.autoscaler() != null
            ? "bounds "
                + target.scaledVia()
                + " to "
                + decision.minimum()
                + ".."
                + decision.maximum()
                + " (it scales on its own metrics)"
            : "scales " + target.scaledVia();
    String mode = write ? "" : " (dry run: nothing is written)";
    Readiness.ready(
        status,
        policy,
        write ? "Scaling" : "DryRun",
        acting + "; placement: " + placement.message() + mode,
        now);
  }

  private void gpuUtilisation(
      ScalingPolicySpec spec, String namespace, List<TriggerReading> readings, Instant now) {
    for (int i = 0; i < spec.triggers.size() && i < readings.size(); i++) {
      ScalingTrigger trigger = spec.triggers.get(i);
      TriggerReading reading = readings.get(i);
      if (trigger.query != null
          && trigger.query.contains(GPU_UTILISATION_SERIES)
          && reading.isKnownAt(now)) {
        metrics.gpuUtilisation(namespace, reading.value());
      }
    }
  }

  @Override
  public DeleteControl cleanup(ScalingPolicy policy, Context<ScalingPolicy> context) {
    if (!unreadable.readable(policy)) {
      // What it holds cannot be known from an unreadable spec: keep the finalizer until the spec
      // is fixed (or a person removes the finalizer), rather than leave workloads half-restored.
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofMinutes(1));
    }
    releaseHolds(policy);
    metrics.forget(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /**
   * Restores the placement and autoscaler bounds the policy holds; replicas stay as they are.
   * Returns the annotation entries the releases ignored, by workload.
   */
  private Map<String, String> releaseHolds(ScalingPolicy policy) {
    String holder = ScalingActuator.holder(policy.getMetadata().getName());
    Map<String, String> ignored = new TreeMap<>();
    try {
      ignored.putAll(actuator.releasePlacement(targets.find(policy).workload(), holder));
    } catch (PolicyProblem gone) {
      // No workload, nothing to restore on it.
    }
    ignored.putAll(actuator.releaseAutoscalers(policy.getMetadata().getNamespace(), holder));
    return ignored;
  }
}
