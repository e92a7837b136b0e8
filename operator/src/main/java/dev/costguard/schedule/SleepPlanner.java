package dev.costguard.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.kube.InvalidOriginalStateException;
import dev.costguard.kube.Keda;
import dev.costguard.kube.LabelSelectors;
import dev.costguard.kube.OriginalState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, from the workloads as observed, what a shutdown schedule does to each: a pure function,
 * so every rule below is table-tested without a cluster.
 *
 * <ul>
 *   <li>A workload in a namespace that should sleep is held in its sleep state, unless excluded
 *       (the schedule's {@code exclude} selector on the workload's labels, or the annotation {@code
 *       costguard.dev/exclude: "true"}). An autoscaler is excluded with its target.
 *   <li>A workload that already looks asleep (0 replicas, suspended) and is not held is left alone:
 *       it gets no original-state annotation, so wake never invents an original for it.
 *   <li>A workload that appears while its namespace sleeps is put to sleep like the others, with
 *       the state it was created with as its original: wake brings it up as it was created.
 *   <li>A held workload a person changed while asleep is left as they set it, and wake keeps it.
 *   <li>Anything held by this schedule outside the namespaces that should sleep is woken: the
 *       namespace woke, was unselected, became protected, or the workload became excluded.
 *   <li>HPAs that KEDA owns are left to KEDA, whose ScaledObject is paused instead.
 *   <li>Sleep only ever lowers: a Deployment or StatefulSet whose awake replicas are at or below
 *       {@code sleepReplicas} is left as it is (and said so), with the autoscalers that drive it;
 *       one this schedule held before is woken.
 * </ul>
 */
public final class SleepPlanner {
  private SleepPlanner() {}

  /**
   * @param holder this schedule's name in the original-state annotation
   * @param namespaceStates every namespace the schedule selects and may act on, with its desired
   *     state; workloads in any other namespace are only woken
   * @param exclude workload selector never put to sleep; {@code null} excludes none
   * @param workloads every workload of a {@link SleepableKind} the operator can see
   */
  public static SleepPlan plan(
      String holder,
      Map<String, ScheduleState> namespaceStates,
      LabelSelector exclude,
      int sleepReplicas,
      List<? extends HasMetadata> workloads) {
    Set<String> excludedTargets =
        workloads.stream()
            .filter(w -> !SleepableKind.of(w).map(SleepableKind::isAutoscaler).orElse(true))
            .filter(w -> isExcluded(w, exclude))
            .map(SleepPlanner::nameOf)
            .collect(Collectors.toSet());
    Set<String> atOrBelow = new java.util.HashSet<>();
    if (sleepReplicas > 0) {
      for (HasMetadata w : workloads) {
        SleepableKind kind = SleepableKind.of(w).orElse(null);
        if (kind == SleepableKind.Deployment || kind == SleepableKind.StatefulSet) {
          try {
            OriginalState original =
                OriginalState.parse(annotation(w, CostguardApi.ORIGINAL_ANNOTATION));
            if (awakeReplicas(holder, Serialization.jsonMapper().valueToTree(w), original)
                <= sleepReplicas) {
              atOrBelow.add(nameOf(w));
            }
          } catch (InvalidOriginalStateException e) {
            // Reported as UnreadableOriginal below.
          }
        }
      }
    }
    List<SleepPlan.Step> steps = new ArrayList<>();
    List<SleepPlan.Sleeper> sleepers = new ArrayList<>();
    for (HasMetadata workload : workloads) {
      Optional<SleepableKind> kind = SleepableKind.of(workload);
      if (kind.isEmpty() || Keda.ownsIt(workload)) {
        continue;
      }
      String namespace = workload.getMetadata().getNamespace();
      boolean excluded =
          isExcluded(workload, exclude)
              || (kind.get().isAutoscaler()
                  && excludedTargets.contains(autoscalerTarget(workload)));
      boolean selected = namespaceStates.containsKey(namespace) && !excluded;
      boolean asleep = selected && namespaceStates.get(namespace) == ScheduleState.Asleep;
      JsonNode json = Serialization.jsonMapper().valueToTree(workload);
      OriginalState original;
      try {
        original = OriginalState.parse(annotation(workload, CostguardApi.ORIGINAL_ANNOTATION));
      } catch (InvalidOriginalStateException e) {
        // Reported only where the schedule would act; elsewhere it is not this schedule's concern.
        if (selected) {
          steps.add(
              step(
                  workload,
                  kind.get(),
                  SleepPlan.Action.UnreadableOriginal,
                  Map.of(),
                  false,
                  List.of(e.getMessage())));
        }
        continue;
      }
      boolean lowEnough =
          kind.get().isAutoscaler()
              ? atOrBelow.contains(autoscalerTarget(workload))
              : atOrBelow.contains(nameOf(workload));
      if (asleep && lowEnough) {
        // Sleeping would scale it up: leave it (and what drives it) as it is, give back any old
        // hold.
        if (original.isHeldBy(holder)) {
          steps.add(step(workload, kind.get(), SleepPlan.Action.Wake, Map.of(), true, List.of()));
        } else if (!kind.get().isAutoscaler()) {
          steps.add(
              step(
                  workload,
                  kind.get(),
                  SleepPlan.Action.AtOrBelowSleepReplicas,
                  Map.of(),
                  false,
                  List.of(
                      "runs "
                          + awakeReplicas(holder, json, original)
                          + " replica(s), sleepReplicas is "
                          + sleepReplicas)));
        }
        continue;
      }
      Optional<SleepPlan.Step> step =
          planOne(holder, workload, json, original, kind.get(), asleep, sleepReplicas);
      step.ifPresent(steps::add);
      boolean leftAwake =
          step.map(s -> s.action() == SleepPlan.Action.LeftAsPersonSet).orElse(false);
      if (selected
          && !leftAwake
          && (kind.get() == SleepableKind.Deployment || kind.get() == SleepableKind.StatefulSet)) {
        int awakeReplicas = awakeReplicas(holder, json, original);
        if (awakeReplicas > sleepReplicas) {
          sleepers.add(new SleepPlan.Sleeper(workload, awakeReplicas - sleepReplicas));
        }
      }
    }
    steps.sort(
        Comparator.comparing(SleepPlanner::order).thenComparing(SleepPlan.Step::workloadName));
    return new SleepPlan(steps, sleepers);
  }

  private static Optional<SleepPlan.Step> planOne(
      String holder,
      HasMetadata workload,
      JsonNode json,
      OriginalState original,
      SleepableKind kind,
      boolean asleep,
      int sleepReplicas) {
    boolean held = original.isHeldBy(holder);
    Map<String, JsonNode> changes = asleep ? kind.sleepChanges(json, sleepReplicas) : Map.of();
    if (changes.isEmpty()) {
      // Awake, or asleep with nothing to hold (an HPA that is inactive at 0 replicas anyway).
      return held
          ? Optional.of(step(workload, kind, SleepPlan.Action.Wake, Map.of(), true, List.of()))
          : Optional.empty();
    }
    if (held) {
      List<String> personChanged = original.userChanges(holder, json);
      if (!personChanged.isEmpty()) {
        return Optional.of(
            step(workload, kind, SleepPlan.Action.LeftAsPersonSet, Map.of(), false, personChanged));
      }
    }
    boolean inPlace =
        changes.entrySet().stream().allMatch(c -> sameValue(json.at(c.getKey()), c.getValue()));
    if (!held && inPlace) {
      return Optional.empty();
    }
    String annotationAfter = original.hold(holder, changes, json).toAnnotationValue();
    boolean writes =
        !inPlace || !annotationAfter.equals(annotation(workload, CostguardApi.ORIGINAL_ANNOTATION));
    return Optional.of(step(workload, kind, SleepPlan.Action.Sleep, changes, writes, List.of()));
  }

  /** Replicas the workload runs with when awake: its held original, else what it has now. */
  private static int awakeReplicas(String holder, JsonNode json, OriginalState original) {
    JsonNode replicas =
        original.holds().stream()
            .filter(h -> h.holder().equals(holder))
            .map(h -> h.fields().get(SleepableKind.REPLICAS))
            .filter(Objects::nonNull)
            .map(OriginalState.FieldChange::original)
            .findFirst()
            .orElse(json.at(SleepableKind.REPLICAS));
    // An absent replicas field means 1, as the API server defaults it.
    return replicas.isNumber() ? replicas.asInt() : 1;
  }

  /** Autoscalers sleep before and wake after their workloads. */
  private static int order(SleepPlan.Step step) {
    boolean autoscalerFirst = step.action() != SleepPlan.Action.Wake;
    return step.kind().isAutoscaler() == autoscalerFirst ? 0 : 1;
  }

  private static SleepPlan.Step step(
      HasMetadata workload,
      SleepableKind kind,
      SleepPlan.Action action,
      Map<String, JsonNode> changes,
      boolean writes,
      List<String> detail) {
    return new SleepPlan.Step(workload, kind, action, changes, writes, detail);
  }

  static boolean isExcluded(HasMetadata workload, LabelSelector exclude) {
    return "true".equalsIgnoreCase(annotation(workload, CostguardApi.EXCLUDE_ANNOTATION))
        || (exclude != null && LabelSelectors.matches(exclude, workload.getMetadata().getLabels()));
  }

  /**
   * namespace/Kind/name of what an HPA or ScaledObject scales (KEDA's kind defaults to Deployment).
   */
  private static String autoscalerTarget(HasMetadata autoscaler) {
    JsonNode target = Serialization.jsonMapper().valueToTree(autoscaler).at("/spec/scaleTargetRef");
    String kind = target.path("kind").asText(SleepableKind.Deployment.name());
    return autoscaler.getMetadata().getNamespace()
        + "/"
        + kind
        + "/"
        + target.path("name").asText();
  }

  static String nameOf(HasMetadata workload) {
    return workload.getMetadata().getNamespace()
        + "/"
        + workload.getKind()
        + "/"
        + workload.getMetadata().getName();
  }

  private static String annotation(HasMetadata workload, String key) {
    Map<String, String> annotations = workload.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** Numbers by value, so 0 written by Costguard equals 0.0 read back. */
  private static boolean sameValue(JsonNode actual, JsonNode wanted) {
    if (actual.isNumber() && wanted.isNumber()) {
      return actual.decimalValue().compareTo(wanted.decimalValue()) == 0;
    }
    return Objects.equals(actual, wanted);
  }
}
