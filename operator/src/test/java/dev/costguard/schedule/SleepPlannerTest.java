package dev.costguard.schedule;

import static dev.costguard.schedule.ScheduleState.Asleep;
import static dev.costguard.schedule.ScheduleState.Awake;
import static dev.costguard.schedule.SleepPlan.Action.AtOrBelowSleepReplicas;
import static dev.costguard.schedule.SleepPlan.Action.LeftAsPersonSet;
import static dev.costguard.schedule.SleepPlan.Action.Sleep;
import static dev.costguard.schedule.SleepPlan.Action.UnreadableOriginal;
import static dev.costguard.schedule.SleepPlan.Action.Wake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.kube.OriginalState;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SleepPlannerTest {
  static final String HOLDER = "ShutdownSchedule/nights";
  static final Map<String, ScheduleState> DEV_ASLEEP = Map.of("dev", Asleep);
  static final Map<String, ScheduleState> DEV_AWAKE = Map.of("dev", Awake);
  static final Map<String, ScheduleState> NOTHING_SELECTED = Map.of();
  static final LabelSelector CRITICAL =
      new LabelSelectorBuilder().withMatchLabels(Map.of("costguard.dev/critical", "true")).build();

  /**
   * One workload, the namespace states and settings, and what the plan does with it: the action
   * (null when the workload is not in the plan), the changes, and whether acting writes.
   */
  record Case(
      String name,
      HasMetadata workload,
      Map<String, ScheduleState> namespaces,
      LabelSelector exclude,
      int sleepReplicas,
      SleepPlan.Action action,
      Map<String, Object> changes,
      boolean writes) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "asleep: a Deployment goes to 0",
            deployment(3),
            DEV_ASLEEP,
            null,
            0,
            Sleep,
            Map.of("/spec/replicas", 0),
            true),
        new Case(
            "asleep: a StatefulSet goes to sleepReplicas",
            statefulSet(3),
            DEV_ASLEEP,
            null,
            1,
            Sleep,
            Map.of("/spec/replicas", 1),
            true),
        new Case(
            "asleep: a Deployment without replicas (defaulted) sleeps",
            deployment(null),
            DEV_ASLEEP,
            null,
            0,
            Sleep,
            Map.of("/spec/replicas", 0),
            true),
        new Case(
            "asleep: already held and asleep, nothing to write",
            held(deployment(0), 3, 0),
            DEV_ASLEEP,
            null,
            0,
            Sleep,
            Map.of("/spec/replicas", 0),
            false),
        new Case(
            "asleep: sleepReplicas edited while asleep, held again",
            held(deployment(0), 3, 0),
            DEV_ASLEEP,
            null,
            1,
            Sleep,
            Map.of("/spec/replicas", 1),
            true),
        new Case(
            "asleep: a person scaled it up, left as set",
            held(deployment(5), 3, 0),
            DEV_ASLEEP,
            null,
            0,
            LeftAsPersonSet,
            Map.of(),
            false),
        new Case(
            "asleep: already at 0 and not held, no false original",
            deployment(0),
            DEV_ASLEEP,
            null,
            0,
            null,
            Map.of(),
            false),
        new Case(
            "asleep: held by another schedule at 3, this one lowers it further",
            heldBy("ShutdownSchedule/other", deployment(3), 5, 3),
            DEV_ASLEEP,
            null,
            1,
            Sleep,
            Map.of("/spec/replicas", 1),
            true),
        new Case(
            "asleep: held at 0 by another schedule, never raised to sleepReplicas",
            heldBy("ShutdownSchedule/other", deployment(0), 3, 0),
            DEV_ASLEEP,
            null,
            1,
            AtOrBelowSleepReplicas,
            Map.of(),
            false),
        new Case(
            "sleep only lowers: 3 replicas, sleepReplicas 7, left as is",
            deployment(3),
            DEV_ASLEEP,
            null,
            7,
            AtOrBelowSleepReplicas,
            Map.of(),
            false),
        new Case(
            "sleep only lowers: 0 replicas, sleepReplicas 7, left as is",
            deployment(0),
            DEV_ASLEEP,
            null,
            7,
            AtOrBelowSleepReplicas,
            Map.of(),
            false),
        new Case(
            "sleep only lowers: replicas equal to sleepReplicas, left as is",
            statefulSet(2),
            DEV_ASLEEP,
            null,
            2,
            AtOrBelowSleepReplicas,
            Map.of(),
            false),
        new Case(
            "sleep only lowers: held from 3 up to 7 by an older version, given back",
            held(deployment(7), 3, 7),
            DEV_ASLEEP,
            null,
            7,
            Wake,
            Map.of(),
            true),
        new Case(
            "awake: not held, nothing", deployment(3), DEV_AWAKE, null, 0, null, Map.of(), false),
        new Case(
            "awake: held, woken",
            held(deployment(0), 3, 0),
            DEV_AWAKE,
            null,
            0,
            Wake,
            Map.of(),
            true),
        new Case(
            "namespace left the selection: held, woken",
            held(deployment(0), 3, 0),
            NOTHING_SELECTED,
            null,
            0,
            Wake,
            Map.of(),
            true),
        new Case(
            "namespace not selected: untouched",
            deployment(3),
            NOTHING_SELECTED,
            null,
            0,
            null,
            Map.of(),
            false),
        new Case(
            "excluded by annotation: untouched",
            annotated(deployment(3), CostguardApi.EXCLUDE_ANNOTATION, "true"),
            DEV_ASLEEP,
            null,
            0,
            null,
            Map.of(),
            false),
        new Case(
            "excluded by selector: untouched",
            labelled(deployment(3), "costguard.dev/critical", "true"),
            DEV_ASLEEP,
            CRITICAL,
            0,
            null,
            Map.of(),
            false),
        new Case(
            "excluded while held: woken",
            labelled(held(deployment(0), 3, 0), "costguard.dev/critical", "true"),
            DEV_ASLEEP,
            CRITICAL,
            0,
            Wake,
            Map.of(),
            true),
        new Case(
            "CronJob: suspended",
            cronJob(false),
            DEV_ASLEEP,
            null,
            0,
            Sleep,
            Map.of("/spec/suspend", true),
            true),
        new Case(
            "CronJob already suspended by a person: untouched",
            cronJob(true),
            DEV_ASLEEP,
            null,
            0,
            null,
            Map.of(),
            false),
        new Case(
            "HPA at sleepReplicas 0: inactive at 0 replicas, untouched",
            hpa("web", 2, 8),
            DEV_ASLEEP,
            null,
            0,
            null,
            Map.of(),
            false),
        new Case(
            "HPA with minReplicas 0: raised to 1 so it stays inactive",
            hpa("web", 0, 8),
            DEV_ASLEEP,
            null,
            0,
            Sleep,
            Map.of("/spec/minReplicas", 1),
            true),
        new Case(
            "HPA at sleepReplicas 2: min and max pinned",
            hpa("web", 2, 8),
            DEV_ASLEEP,
            null,
            2,
            Sleep,
            Map.of("/spec/minReplicas", 2, "/spec/maxReplicas", 2),
            true),
        new Case(
            "HPA owned by KEDA: left to its ScaledObject",
            ownedByKeda(hpa("web", 0, 8)),
            DEV_ASLEEP,
            null,
            0,
            null,
            Map.of(),
            false),
        new Case(
            "ScaledObject: paused at sleepReplicas",
            scaledObject(),
            DEV_ASLEEP,
            null,
            0,
            Sleep,
            Map.of(SleepableKind.KEDA_PAUSED_REPLICAS_POINTER, "0"),
            true),
        new Case(
            "unreadable original where the schedule acts: reported, untouched",
            annotated(deployment(3), CostguardApi.ORIGINAL_ANNOTATION, "{garbage"),
            DEV_ASLEEP,
            null,
            0,
            UnreadableOriginal,
            Map.of(),
            false),
        new Case(
            "unreadable original elsewhere: not this schedule's concern",
            annotated(deployment(3), CostguardApi.ORIGINAL_ANNOTATION, "{garbage"),
            NOTHING_SELECTED,
            null,
            0,
            null,
            Map.of(),
            false));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void plansEachWorkload(Case c) {
    SleepPlan plan =
        SleepPlanner.plan(
            HOLDER, c.namespaces(), c.exclude(), c.sleepReplicas(), List.of(c.workload()));
    if (c.action() == null) {
      assertThat(plan.steps()).isEmpty();
      return;
    }
    assertThat(plan.steps()).hasSize(1);
    SleepPlan.Step step = plan.steps().get(0);
    assertThat(step.action()).isEqualTo(c.action());
    assertThat(step.changes())
        .isEqualTo(
            Serialization.jsonMapper()
                .convertValue(
                    c.changes(),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, JsonNode>>() {}));
    assertThat(step.writes()).isEqualTo(c.writes());
  }

  @Test
  void theAutoscalerOfAWorkloadLeftAtOrBelowSleepReplicasIsLeftToo() {
    SleepPlan plan =
        SleepPlanner.plan(HOLDER, DEV_ASLEEP, null, 7, List.of(deployment(3), hpa("web", 2, 8)));
    assertThat(plan.steps())
        .singleElement()
        .satisfies(
            step -> {
              assertThat(step.kind()).isEqualTo(SleepableKind.Deployment);
              assertThat(step.action()).isEqualTo(AtOrBelowSleepReplicas);
              assertThat(step.detail()).containsExactly("runs 3 replica(s), sleepReplicas is 7");
            });
    assertThat(plan.sleepers()).isEmpty();
  }

  @Test
  void anHpaWhoseWorkloadIsExcludedIsExcludedToo() {
    HasMetadata excluded = annotated(deployment(3), CostguardApi.EXCLUDE_ANNOTATION, "true");
    SleepPlan plan =
        SleepPlanner.plan(HOLDER, DEV_ASLEEP, null, 2, List.of(excluded, hpa("web", 2, 8)));
    assertThat(plan.steps()).isEmpty();
  }

  @Test
  void autoscalersSleepFirstAndWakeLast() {
    SleepPlan sleeping =
        SleepPlanner.plan(HOLDER, DEV_ASLEEP, null, 2, List.of(deployment(3), hpa("web", 2, 8)));
    assertThat(sleeping.steps())
        .extracting(SleepPlan.Step::kind)
        .containsExactly(SleepableKind.HorizontalPodAutoscaler, SleepableKind.Deployment);

    HasMetadata heldHpa =
        holdAs(
            hpa("web", 2, 8),
            Map.of(
                "/spec/minReplicas", IntNode.valueOf(2), "/spec/maxReplicas", IntNode.valueOf(2)));
    SleepPlan waking =
        SleepPlanner.plan(HOLDER, DEV_AWAKE, null, 2, List.of(heldHpa, held(deployment(2), 3, 2)));
    assertThat(waking.steps())
        .extracting(SleepPlan.Step::kind)
        .containsExactly(SleepableKind.Deployment, SleepableKind.HorizontalPodAutoscaler);
  }

  @Test
  void sleepersCountTheReplicasThatSleepWhateverTheState() {
    List<HasMetadata> workloads =
        List.of(
            held(deployment(0), 4, 0), statefulSet(2), held(deployment(5), 1, 0), cronJob(false));
    SleepPlan asleep = SleepPlanner.plan(HOLDER, DEV_ASLEEP, null, 0, workloads);
    SleepPlan awake =
        SleepPlanner.plan(HOLDER, DEV_AWAKE, null, 0, List.of(deployment(4), statefulSet(2)));
    // The held Deployment counts with its original 4; the one a person scaled up does not count.
    assertThat(asleep.sleepers())
        .extracting(SleepPlan.Sleeper::sleepingReplicas)
        .containsExactly(4, 2);
    assertThat(awake.sleepers())
        .extracting(SleepPlan.Sleeper::sleepingReplicas)
        .containsExactly(4, 2);
    // Asleep: the held Deployment, the StatefulSet and the CronJob; not the one a person scaled up.
    assertThat(asleep.sleepingWorkloads()).isEqualTo(3);
  }

  // --- workloads in namespace dev

  static HasMetadata deployment(Integer replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace("dev")
        .withName("web")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .build();
  }

  static HasMetadata statefulSet(int replicas) {
    return new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
        .withNewMetadata()
        .withNamespace("dev")
        .withName("db")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .build();
  }

  static HasMetadata cronJob(boolean suspend) {
    return new CronJobBuilder()
        .withNewMetadata()
        .withNamespace("dev")
        .withName("report")
        .endMetadata()
        .withNewSpec()
        .withSchedule("0 2 * * *")
        .withSuspend(suspend)
        .endSpec()
        .build();
  }

  static HasMetadata hpa(String target, int min, int max) {
    return new HorizontalPodAutoscalerBuilder()
        .withNewMetadata()
        .withNamespace("dev")
        .withName(target)
        .endMetadata()
        .withNewSpec()
        .withNewScaleTargetRef("apps/v1", "Deployment", target)
        .withMinReplicas(min)
        .withMaxReplicas(max)
        .endSpec()
        .build();
  }

  static HasMetadata scaledObject() {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("keda.sh/v1alpha1")
        .withKind("ScaledObject")
        .withNewMetadata()
        .withNamespace("dev")
        .withName("worker")
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("scaleTargetRef", Map.of("name", "worker")))
        .build();
  }

  static HasMetadata ownedByKeda(HasMetadata hpa) {
    hpa.getMetadata()
        .setOwnerReferences(
            List.of(
                new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                    .withApiVersion("keda.sh/v1alpha1")
                    .withKind("ScaledObject")
                    .withName("web")
                    .withUid("u")
                    .build()));
    return hpa;
  }

  static HasMetadata annotated(HasMetadata workload, String key, String value) {
    Map<String, String> annotations =
        new HashMap<>(
            workload.getMetadata().getAnnotations() == null
                ? Map.of()
                : workload.getMetadata().getAnnotations());
    annotations.put(key, value);
    workload.getMetadata().setAnnotations(annotations);
    return workload;
  }

  static HasMetadata labelled(HasMetadata workload, String key, String value) {
    workload.getMetadata().setLabels(Map.of(key, value));
    return workload;
  }

  /**
   * A Deployment this schedule put to sleep from {@code original} to {@code applied}; it now has
   * what {@code workload} has.
   */
  static HasMetadata held(HasMetadata workload, int original, int applied) {
    return heldBy(HOLDER, workload, original, applied);
  }

  static HasMetadata heldBy(String holder, HasMetadata workload, int original, int applied) {
    JsonNode before = Serialization.jsonMapper().valueToTree(deployment(original));
    String annotation =
        OriginalState.empty()
            .hold(holder, Map.of("/spec/replicas", IntNode.valueOf(applied)), before)
            .toAnnotationValue();
    return annotated(workload, CostguardApi.ORIGINAL_ANNOTATION, annotation);
  }

  static HasMetadata holdAs(HasMetadata workload, Map<String, JsonNode> changes) {
    JsonNode before = Serialization.jsonMapper().valueToTree(workload);
    return annotated(
        workload,
        CostguardApi.ORIGINAL_ANNOTATION,
        OriginalState.empty().hold(HOLDER, changes, before).toAnnotationValue());
  }
}
