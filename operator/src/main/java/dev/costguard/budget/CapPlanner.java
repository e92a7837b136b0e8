package dev.costguard.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.budget.BudgetScope.Scalable;
import dev.costguard.kube.HeldFields;
import dev.costguard.kube.InvalidOriginalStateException;
import dev.costguard.kube.OriginalState;
import dev.costguard.kube.WorkloadPriority;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the cap of a budget holds on which workload: pure, from the workloads as read and a {@link
 * BudgetCap.Decision}. Everything is held under one holder, {@code WorkloadBudget/<budget>/Cap}, so
 * it stacks with the threshold ladder's holds and is undone exactly, like them.
 *
 * <ul>
 *   <li>A Deployment or StatefulSet without an autoscaler: {@code spec.replicas} held at the
 *       allowed replicas while fewer than it wants.
 *   <li>One driven by a HorizontalPodAutoscaler: the HPA's {@code maxReplicas} (and {@code
 *       minReplicas}, when above it) held at the allowed replicas, which the HPA enforces; allowed
 *       zero holds the workload's {@code spec.replicas} at 0, where the HPA does not scale it.
 *   <li>Allowed as many as it wants: every cap hold on it released.
 * </ul>
 *
 * A workload the cap holds at fewer replicas than a person then sets is held again: the cap is a
 * hard limit (raise the limit, the priority, or exempt it). A person who sets fewer replicas is
 * kept: the cap lets go and takes that as what the workload wants. A field another holder set after
 * the cap (a ShutdownSchedule asleep, the ladder's Suspend) is that holder's until it lets go: the
 * cap neither changes nor releases it meanwhile, so that holder gives back the capped value.
 */
final class CapPlanner {
  private static final String REPLICAS = HeldFields.REPLICAS;
  private static final String MAX = HeldFields.MAX_REPLICAS;
  private static final String MIN = HeldFields.MIN_REPLICAS;

  private CapPlanner() {}

  /** The holder under which the cap of {@code budget} holds workloads. */
  static String holder(String budget) {
    return "WorkloadBudget/" + budget + "/Cap";
  }

  /**
   * A Deployment or StatefulSet under the cap.
   *
   * @param wanted replicas it runs without the cap: its own, or its HPA's maxReplicas, as they were
   *     before the cap held them
   * @param pods which running pods are its replicas (their cost is the cap's to plan)
   */
  record Target(
      Scalable scalable,
      int priority,
      int wanted,
      BigDecimal replicaCostPerHour,
      LabelSelector pods) {
    WorkloadRef ref() {
      return scalable.ref();
    }

    BudgetCap.Candidate candidate(Integer allowedBefore) {
      return new BudgetCap.Candidate(ref(), priority, wanted, replicaCostPerHour, allowedBefore);
    }
  }

  /** The targets in scope, and the workloads left out with the reason. */
  record Targets(List<Target> targets, List<BudgetActionPlan.Skipped> skipped) {}

  /** One write: hold {@code changes} on the workload, or release the cap's hold when empty. */
  record Step(WorkloadRef workload, Map<String, JsonNode> changes) {
    boolean release() {
      return changes.isEmpty();
    }
  }

  /**
   * @param replicaPrice what one pod of a template costs per hour in the budget's catalog
   */
  static Targets targets(
      String budget,
      BudgetScope scope,
      ObservedWorkloads observed,
      Function<PodTemplateSpec, BigDecimal> replicaPrice) {
    String holder = holder(budget);
    List<Target> targets = new ArrayList<>();
    List<BudgetActionPlan.Skipped> skipped = new ArrayList<>();
    scope
        .scalables()
        // KEDA would scale a capped workload straight back: left out, its pods count as uncapped.
        .filter(s -> !scope.drivenByKeda(s.workload()))
        .sorted(Comparator.comparing(Scalable::ref, WorkloadRef.ORDER))
        .forEach(
            s -> {
              try {
                OriginalState state = OriginalState.of(s.workload());
                int wanted;
                if (s.autoscaler().isPresent()) {
                  HorizontalPodAutoscaler hpa = s.autoscaler().get();
                  wanted =
                      intOr(
                          OriginalState.of(hpa).valueBefore(holder, MAX, json(hpa)),
                          hpa.getSpec().getMaxReplicas());
                } else {
                  wanted = wantedReplicas(state, holder, s);
                }
                Map<String, String> labels =
                    Objects.requireNonNullElse(s.workload().getMetadata().getLabels(), Map.of());
                Optional<Integer> read = WorkloadPriority.of(labels);
                int priority = read.orElse(0);
                if (read.isEmpty()) {
                  skipped.add(
                      new BudgetActionPlan.Skipped(
                          s.ref(),
                          "label "
                              + CostguardApi.PRIORITY_LABEL
                              + "="
                              + labels.get(CostguardApi.PRIORITY_LABEL)
                              + " is not an integer; capped at priority 0"));
                }
                targets.add(
                    new Target(
                        s,
                        priority,
                        wanted,
                        replicaPrice.apply(s.template()),
                        BudgetScope.podSelectorOf(s.workload())));
              } catch (InvalidOriginalStateException e) {
                skipped.add(new BudgetActionPlan.Skipped(s.ref(), e.getMessage()));
              }
            });
    return new Targets(targets, skipped);
  }

  /**
   * The cap's writes for its decision: a hold where it allows fewer replicas than wanted, a release
   * where it no longer does.
   */
  static List<Step> plan(String budget, List<Target> targets, BudgetCap.Decision decision) {
    String holder = holder(budget);
    Map<WorkloadRef, Integer> allowed = new LinkedHashMap<>();
    decision.allowances().forEach(a -> allowed.put(a.candidate().workload(), a.allowed()));
    List<Step> steps = new ArrayList<>();
    for (Target target : targets) {
      Integer allow = allowed.get(target.ref());
      if (allow == null) {
        continue;
      }
      Scalable s = target.scalable();
      boolean capped = allow < target.wanted();
      Optional<HorizontalPodAutoscaler> hpa = s.autoscaler();
      if (hpa.isPresent()) {
        HorizontalPodAutoscaler autoscaler = hpa.get();
        if (capped && allow == 0) {
          holdOrSkip(steps, holder, s.workload(), Map.of(REPLICAS, IntNode.valueOf(0)));
        } else {
          releaseIfHeld(steps, holder, s.workload());
          if (capped) {
            Map<String, JsonNode> changes = new LinkedHashMap<>();
            changes.put(MAX, IntNode.valueOf(allow));
            int min = Objects.requireNonNullElse(autoscaler.getSpec().getMinReplicas(), 1);
            if (min > allow) {
              changes.put(MIN, IntNode.valueOf(allow));
            }
            holdOrSkip(steps, holder, autoscaler, changes);
          } else {
            releaseIfHeld(steps, holder, autoscaler);
          }
        }
      } else if (capped) {
        holdOrSkip(steps, holder, s.workload(), Map.of(REPLICAS, IntNode.valueOf(allow)));
      } else {
        releaseIfHeld(steps, holder, s.workload());
      }
    }
    return steps;
  }

  /** Every cap hold of {@code budget}, released: the cap is off, or the budget is going. */
  static List<Step> releaseAll(String budget, ObservedWorkloads observed) {
    String holder = holder(budget);
    List<Step> steps = new ArrayList<>();
    observed
        .all()
        .sorted(Comparator.comparing(WorkloadRef::of, WorkloadRef.ORDER))
        .forEach(w -> releaseIfHeld(steps, holder, w));
    return steps;
  }

  /** True when the workload carries a cap hold of {@code budget}. */
  static boolean holds(String budget, HasMetadata workload) {
    try {
      return OriginalState.of(workload).isHeldBy(holder(budget));
    } catch (InvalidOriginalStateException e) {
      return false;
    }
  }

  /**
   * Replicas a workload without autoscaler wants: as it was before the cap held it; a person's
   * lower value (or another holder's, set after the cap) counts as what it wants now.
   */
  private static int wantedReplicas(OriginalState state, String holder, Scalable s) {
    if (!state.isHeldBy(holder)) {
      return s.replicas();
    }
    JsonNode json = json(s.workload());
    int before = intOr(state.valueBefore(holder, REPLICAS, json), s.replicas());
    int applied =
        state.holds().stream()
            .filter(h -> h.holder().equals(holder) && h.fields().containsKey(REPLICAS))
            .map(h -> h.fields().get(REPLICAS).applied())
            .findFirst()
            .map(n -> intOr(n, s.replicas()))
            .orElse(s.replicas());
    boolean superseded = heldAfter(state, holder, java.util.Set.of(REPLICAS));
    return !superseded && s.replicas() < applied ? s.replicas() : before;
  }

  private static void holdOrSkip(
      List<Step> steps, String holder, HasMetadata workload, Map<String, JsonNode> changes) {
    OriginalState state = OriginalState.of(workload);
    if (heldAfter(state, holder, changes.keySet())) {
      return; // another holder set it later: theirs until they let go
    }
    steps.add(new Step(WorkloadRef.of(workload), changes));
  }

  private static void releaseIfHeld(List<Step> steps, String holder, HasMetadata workload) {
    try {
      OriginalState state = OriginalState.of(workload);
      java.util.Set<String> fields =
          state.holds().stream()
              .filter(h -> h.holder().equals(holder))
              .flatMap(h -> h.fields().keySet().stream())
              .collect(java.util.stream.Collectors.toSet());
      // Under a later holder (a schedule asleep) the cap's value is what that holder gives back:
      // releasing now would hand it the uncapped original.
      if (state.isHeldBy(holder) && !heldAfter(state, holder, fields)) {
        steps.add(new Step(WorkloadRef.of(workload), Map.of()));
      }
    } catch (InvalidOriginalStateException e) {
      // reported by the targets; never overwritten
    }
  }

  /**
   * Some holder after {@code holder} (or, without its hold, any holder) holds one of the fields.
   */
  private static boolean heldAfter(
      OriginalState state, String holder, java.util.Set<String> pointers) {
    List<OriginalState.Hold> holds = state.holds();
    int own = -1;
    for (int i = 0; i < holds.size(); i++) {
      if (holds.get(i).holder().equals(holder)) {
        own = i;
      }
    }
    for (int i = own + 1; i < holds.size(); i++) {
      if (holds.get(i).fields().keySet().stream().anyMatch(pointers::contains)) {
        return own >= 0;
      }
    }
    return false;
  }

  private static int intOr(JsonNode node, Integer fallback) {
    return node != null && node.isIntegralNumber()
        ? node.asInt()
        : Objects.requireNonNullElse(fallback, 0);
  }

  private static JsonNode json(HasMetadata workload) {
    return Serialization.jsonMapper().valueToTree(workload);
  }
}
