package dev.costguard.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.SpotPlacementSpec.SpotMode;
import dev.costguard.budget.BudgetActionPlan.Entry;
import dev.costguard.budget.BudgetActionPlan.Hold;
import dev.costguard.budget.BudgetActionPlan.Release;
import dev.costguard.budget.BudgetActionPlan.Skipped;
import dev.costguard.budget.BudgetScope.Scalable;
import dev.costguard.kube.InvalidOriginalStateException;
import dev.costguard.kube.JobKind;
import dev.costguard.kube.OriginalState;
import dev.costguard.kube.ProtectedNamespaces;
import dev.costguard.kube.WorkloadPatcher;
import dev.costguard.placement.SpotCapacity;
import dev.costguard.placement.SpotPlacement;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which workloads get which budget action: pure, from the actions in force and the workloads as
 * read. Each action is held under its own holder ({@code WorkloadBudget/<budget>/<action>}), so
 * that undoing a stronger action (Suspend) while a milder one stays (ScaleToMinimum) gives back
 * exactly what the milder one had set, and undoing all of them gives back the original.
 *
 * <p>What each action does, on workloads of the selected namespaces whose pod template labels match
 * the workload selector:
 *
 * <ul>
 *   <li>{@code BlockScaleUp}: listed in status for each Deployment and StatefulSet (scaling
 *       policies read it); an HPA on one gets {@code maxReplicas} capped at the replicas it has
 *       now.
 *   <li>{@code PreferSpot}: spot-eligible Deployments and StatefulSets get the preferred spot
 *       placement of {@link SpotPlacement} (a node affinity preference and the spot taint's
 *       toleration). Spot-eligible means the label or annotation {@code
 *       costguard.dev/spot-eligible: "true"}, or a ScalingPolicy targeting the workload with {@code
 *       spot.eligible: true}, whose provider is then used.
 *   <li>{@code ScaleToMinimum}: replicas down to the minimum of the ScalingPolicy targeting the
 *       workload, else the budget's {@code minimumReplicas}; a workload with an HPA keeps its
 *       replicas and the HPA gets {@code maxReplicas} = its {@code minReplicas}.
 *   <li>{@code Suspend}: Deployments and StatefulSets to zero replicas (an HPA does not scale a
 *       workload up from zero), CronJobs {@code suspend: true}, and unfinished jobs of every {@link
 *       JobKind} (Job, JobSet, Kubeflow's training jobs, RayJob) through their own suspend field,
 *       except jobs Kueue manages.
 * </ul>
 *
 * Never touched: workloads whose own or pod template labels match {@code exempt} or carry {@code
 * costguard.dev/critical: "true"} (always, whatever {@code exempt} says), and the protected
 * namespaces. An action is applied once: a workload already held for it is never written again for
 * it, so a person's change to a held field stays (and status says so). A workload whose original
 * state annotation is not Costguard's is skipped, never overwritten.
 */
public final class BudgetActionPlanner {
  private static final String HOLDER_KIND = "WorkloadBudget/";

  private BudgetActionPlanner() {}

  /**
   * @param budget the budget's name
   * @param actions the actions in force (from thresholds), mildest first
   * @param dryRun report what would be in force; hold and release nothing
   * @param selectedNamespaces namespaces the budget selects
   * @param protectedNamespaces namespaces never touched
   * @param workloadSelector pod template labels a workload needs; {@code null} for all
   * @param exempt workloads never touched besides the critical label; {@code null} for none
   * @param minimumReplicas ScaleToMinimum's target without a ScalingPolicy
   */
  public record Input(
      String budget,
      List<BudgetAction> actions,
      boolean dryRun,
      Set<String> selectedNamespaces,
      ProtectedNamespaces protectedNamespaces,
      LabelSelector workloadSelector,
      LabelSelector exempt,
      int minimumReplicas,
      ObservedWorkloads observed) {}

  /** The holder under which a budget holds workloads for one action. */
  public static String holder(String budget, BudgetAction action) {
    return HOLDER_KIND + budget + "/" + action;
  }

  public static BudgetActionPlan plan(Input input) {
    return new Planning(input).plan();
  }

  /** One planning run: the workloads as JSON and their original states, read once. */
  private static final class Planning {
    private final Input in;
    private final Map<WorkloadRef, HasMetadata> workloads = new LinkedHashMap<>();
    private final Map<WorkloadRef, JsonNode> json = new HashMap<>();
    private final Map<WorkloadRef, OriginalState> states = new HashMap<>();
    private final List<Skipped> skipped = new ArrayList<>();
    private final BudgetScope scope;

    Planning(Input in) {
      this.in = in;
      in.observed()
          .all()
          .sorted(Comparator.comparing(WorkloadRef::of, WorkloadRef.ORDER))
          .forEach(
              w -> {
                WorkloadRef ref = WorkloadRef.of(w);
                try {
                  states.put(ref, WorkloadPatcher.originalStateOf(w));
                  workloads.put(ref, w);
                  json.put(ref, Serialization.jsonMapper().valueToTree(w));
                } catch (InvalidOriginalStateException e) {
                  skipped.add(new Skipped(ref, e.getMessage()));
                }
              });
      this.scope =
          new BudgetScope(
              in.selectedNamespaces(),
              in.protectedNamespaces(),
              in.workloadSelector(),
              in.exempt(),
              workloads.values());
    }

    private java.util.stream.Stream<Scalable> scalables() {
      return scope.scalables();
    }

    private <T extends HasMetadata> Stream<T> inScope(
        Class<T> kind, java.util.function.Function<T, PodTemplateSpec> template) {
      return scope.inScope(kind, template);
    }

    private static PodTemplateSpec podTemplateOf(HasMetadata scalable) {
      return BudgetScope.podTemplateOf(scalable);
    }

    BudgetActionPlan plan() {
      List<Hold> holds = new ArrayList<>();
      List<Entry> wanted = new ArrayList<>();
      for (Desired desired : desired()) {
        String holder = holder(in.budget(), desired.action());
        OriginalState state = states.get(desired.workload());
        if (state.isHeldBy(holder)) {
          boolean changed = !state.userChanges(holder, json.get(desired.workload())).isEmpty();
          wanted.add(new Entry(desired.action(), desired.workload(), changed));
        } else if (!desired.changes().isEmpty()) {
          holds.add(new Hold(desired.action(), desired.workload(), desired.changes()));
          wanted.add(new Entry(desired.action(), desired.workload(), false));
        } else if (desired.listedWithoutChange()) {
          wanted.add(new Entry(desired.action(), desired.workload(), false));
        }
      }
      List<Entry> held = heldNow();
      List<WorkloadRef> affected =
          Stream.concat(
                  scalables().map(Scalable::ref),
                  inScope(CronJob.class, c -> c.getSpec().getJobTemplate().getSpec().getTemplate())
                      .map(WorkloadRef::of))
              .sorted(WorkloadRef.ORDER)
              .toList();
      if (in.dryRun()) {
        return new BudgetActionPlan(List.of(), List.of(), held, wanted, skipped, affected);
      }
      List<Release> releases =
          held.stream()
              .filter(
                  h ->
                      wanted.stream()
                          .noneMatch(
                              w -> w.action() == h.action() && w.workload().equals(h.workload())))
              .sorted(
                  Comparator.comparing((Entry e) -> e.action())
                      .reversed()
                      .thenComparing(Entry::workload, WorkloadRef.ORDER))
              .map(e -> new Release(e.action(), e.workload()))
              .toList();
      return new BudgetActionPlan(holds, releases, wanted, List.of(), skipped, affected);
    }

    /** Every action this budget holds on a workload now, as the annotations say. */
    private List<Entry> heldNow() {
      List<Entry> held = new ArrayList<>();
      states.forEach(
          (ref, state) -> {
            for (OriginalState.Hold hold : state.holds()) {
              actionOf(hold.holder())
                  .ifPresent(
                      action ->
                          held.add(
                              new Entry(
                                  action,
                                  ref,
                                  !state.userChanges(hold.holder(), json.get(ref)).isEmpty())));
            }
          });
      held.sort(
          Comparator.comparing(Entry::action).thenComparing(Entry::workload, WorkloadRef.ORDER));
      return held;
    }

    private Optional<BudgetAction> actionOf(String holder) {
      String prefix = HOLDER_KIND + in.budget() + "/";
      if (!holder.startsWith(prefix)) {
        return Optional.empty();
      }
      String action = holder.substring(prefix.length());
      return Stream.of(BudgetAction.values()).filter(a -> a.name().equals(action)).findFirst();
    }

    /** What each action in force wants of each workload in scope, mildest action first. */
    private List<Desired> desired() {
      List<Desired> desired = new ArrayList<>();
      for (BudgetAction action : in.actions()) {
        switch (action) {
          case Notify -> {}
          case BlockScaleUp ->
              scalables()
                  .forEach(
                      s -> {
                        desired.add(Desired.listed(action, s.ref()));
                        s.autoscaler()
                            .ifPresent(
                                hpa ->
                                    desired.add(
                                        capAutoscaler(
                                            action, hpa, Math.max(minOf(hpa), s.replicas()))));
                      });
          case PreferSpot ->
              scalables()
                  .filter(s -> spotEligible(s.workload()))
                  .forEach(s -> desired.add(preferSpot(action, s.workload())));
          case ScaleToMinimum ->
              scalables()
                  .forEach(
                      s -> {
                        if (s.autoscaler().isPresent()) {
                          HorizontalPodAutoscaler hpa = s.autoscaler().get();
                          desired.add(capAutoscaler(action, hpa, minOf(hpa)));
                        } else {
                          int minimum =
                              policyOf(s.workload())
                                  .map(p -> Objects.requireNonNullElse(p.getSpec().minReplicas, 1))
                                  .orElse(in.minimumReplicas());
                          desired.add(
                              s.replicas() > minimum
                                  ? Desired.change(
                                      action, s.ref(), "/spec/replicas", IntNode.valueOf(minimum))
                                  : Desired.nothing(action, s.ref()));
                        }
                      });
          case Suspend -> {
            scalables()
                .forEach(
                    s ->
                        desired.add(
                            s.replicas() > 0
                                ? Desired.change(
                                    action, s.ref(), "/spec/replicas", IntNode.valueOf(0))
                                : Desired.nothing(action, s.ref())));
            inScope(CronJob.class, c -> c.getSpec().getJobTemplate().getSpec().getTemplate())
                .forEach(c -> desired.add(suspend(action, c, c.getSpec().getSuspend())));
            jobsInScope().forEach(j -> desired.add(suspendJob(action, j)));
          }
        }
      }
      return desired;
    }

    private Desired capAutoscaler(BudgetAction action, HorizontalPodAutoscaler hpa, int cap) {
      WorkloadRef ref = WorkloadRef.of(hpa);
      return cap < hpa.getSpec().getMaxReplicas()
          ? Desired.change(action, ref, "/spec/maxReplicas", IntNode.valueOf(cap))
          : Desired.nothing(action, ref);
    }

    /**
     * The spot placement of the ScalingPolicy's provider, else of the provider with the most spot
     * nodes the pod template fits; only the fields that differ from now are held.
     */
    private Desired preferSpot(BudgetAction action, HasMetadata workload) {
      WorkloadRef ref = WorkloadRef.of(workload);
      PodSpec podSpec = podTemplateOf(workload).getSpec();
      Optional<SpotCapacity> capacity =
          policyOf(workload)
              .map(p -> p.getSpec().spot)
              .filter(Objects::nonNull)
              .flatMap(SpotCapacity::of)
              .or(
                  () ->
                      SpotCapacity.detect(
                          in.observed().nodes(),
                          Objects.requireNonNullElse(podSpec.getNodeSelector(), Map.of())));
      if (capacity.isEmpty()) {
        return Desired.nothing(action, ref);
      }
      Map<String, JsonNode> changes = new LinkedHashMap<>();
      SpotPlacement.place(podSpec, capacity.get(), SpotMode.Preferred)
          .forEach(
              (pointer, value) -> {
                JsonNode now = json.get(ref).at(pointer);
                boolean same =
                    value.isNull() ? now.isMissingNode() || now.isNull() : value.equals(now);
                if (!same) {
                  changes.put(pointer, value);
                }
              });
      return new Desired(action, ref, changes, false);
    }

    /**
     * Unfinished jobs of every {@link JobKind} in scope, except those Kueue manages (Kueue owns
     * their suspend field; suspending them would fight it).
     */
    private Stream<HasMetadata> jobsInScope() {
      return workloads.values().stream()
          .filter(w -> JobKind.of(w).isPresent())
          .filter(w -> !JobKind.managedByKueue(w))
          .filter(w -> !JobKind.of(w).get().finished(json.get(WorkloadRef.of(w))))
          .filter(w -> inScope(w, jobPodLabels(w)));
    }

    /** The labels of the job's pod templates, all of them together. */
    private Map<String, String> jobPodLabels(HasMetadata job) {
      Map<String, String> labels = new HashMap<>();
      try {
        JobKind.of(job)
            .get()
            .podGroups(json.get(WorkloadRef.of(job)))
            .forEach(g -> labels.putAll(podLabels(g.template())));
      } catch (IllegalArgumentException e) {
        // an unreadable pod template has no labels to match
      }
      return labels;
    }

    private Desired suspendJob(BudgetAction action, HasMetadata job) {
      JobKind kind = JobKind.of(job).get();
      WorkloadRef ref = WorkloadRef.of(job);
      return kind.suspended(json.get(ref))
          ? Desired.nothing(action, ref)
          : Desired.change(action, ref, kind.suspendPointer(), BooleanNode.TRUE);
    }

    private static Desired suspend(BudgetAction action, HasMetadata workload, Boolean suspended) {
      return Boolean.TRUE.equals(suspended)
          ? Desired.nothing(action, WorkloadRef.of(workload))
          : Desired.change(action, WorkloadRef.of(workload), "/spec/suspend", BooleanNode.TRUE);
    }

    private boolean spotEligible(HasMetadata workload) {
      Map<String, String> labels =
          Objects.requireNonNullElse(workload.getMetadata().getLabels(), Map.of());
      Map<String, String> annotations =
          Objects.requireNonNullElse(workload.getMetadata().getAnnotations(), Map.of());
      return "true".equals(labels.get(CostguardApi.SPOT_ELIGIBLE))
          || "true".equals(annotations.get(CostguardApi.SPOT_ELIGIBLE))
          || policyOf(workload)
              .map(p -> p.getSpec().spot != null && Boolean.TRUE.equals(p.getSpec().spot.eligible))
              .orElse(false);
    }

    private Optional<ScalingPolicy> policyOf(HasMetadata workload) {
      return in.observed().scalingPolicies().stream()
          .filter(
              p ->
                  Objects.equals(
                      p.getMetadata().getNamespace(), workload.getMetadata().getNamespace()))
          .filter(p -> p.getSpec() != null && p.getSpec().targetRef != null)
          .filter(
              p ->
                  p.getSpec().targetRef.kind != null
                      && workload.getKind().equals(p.getSpec().targetRef.kind.name())
                      && workload.getMetadata().getName().equals(p.getSpec().targetRef.name))
          .findFirst();
    }

    private static int minOf(HorizontalPodAutoscaler hpa) {
      return Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1);
    }

    private boolean inScope(HasMetadata workload, Map<String, String> podLabels) {
      return scope.inScope(workload, podLabels);
    }

    private static Map<String, String> podLabels(PodTemplateSpec template) {
      return BudgetScope.podLabels(template);
    }
  }

  /**
   * What one action wants of one workload: changes to hold (empty when it already is so), and
   * whether it is listed in status even without a change (BlockScaleUp for scaling policies).
   */
  private record Desired(
      BudgetAction action,
      WorkloadRef workload,
      Map<String, JsonNode> changes,
      boolean listedWithoutChange) {
    static Desired change(
        BudgetAction action, WorkloadRef workload, String pointer, JsonNode value) {
      return new Desired(action, workload, Map.of(pointer, value), false);
    }

    static Desired nothing(BudgetAction action, WorkloadRef workload) {
      return new Desired(action, workload, Map.of(), false);
    }

    static Desired listed(BudgetAction action, WorkloadRef workload) {
      return new Desired(action, workload, Map.of(), true);
    }
  }
}
