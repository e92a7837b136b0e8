package dev.costguard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.kube.Conditions;
import dev.costguard.kube.Keda;
import dev.costguard.kube.WorkloadPatcher;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end scenarios: the real operator against the mock API server. Every schedule sleeps from
 * 20:00 to 06:00 UTC every day; each scenario has namespaces of its own and deletes its schedule.
 */
class ShutdownScheduleScenariosTest {
  static final Instant DAY = Instant.parse("2026-06-10T10:00:00Z");
  static final Instant NIGHT = Instant.parse("2026-06-10T21:00:00Z");
  static final Instant LATE_NIGHT = Instant.parse("2026-06-11T02:00:00Z");
  static final Instant MORNING = Instant.parse("2026-06-11T07:00:00Z");
  static final ResourceDefinitionContext SCALED_OBJECTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind("ScaledObject")
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(OperatorHarness.testConfig(), DAY);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @AfterEach
  void deleteSchedules() {
    if (harness.operator() == null) {
      harness.startOperator();
    }
    harness.client().resources(ShutdownSchedule.class).delete();
    harness.awaitValue(
        () -> harness.client().resources(ShutdownSchedule.class).list().getItems(), List::isEmpty);
    harness.clock().set(DAY);
  }

  @Test
  void sleepAndWakeRestoreExactReplicas() {
    namespace("exact");
    deployment("exact", "api", 3);
    deployment("exact", "defaulted", null);
    statefulSet("exact", "db", 2);
    schedule("exact", "namespaces: [exact]");
    awaitState("exact", "Awake");
    assertThat(replicas("exact", "api")).isEqualTo(3);

    harness.clock().set(NIGHT);
    awaitReplicas("exact", "api", 0);
    awaitReplicas("exact", "defaulted", 0);
    harness.awaitValue(() -> statefulSetReplicas("exact", "db"), r -> r == 0);
    assertThat(
            WorkloadPatcher.originalStateOf(deployment("exact", "api"))
                .isHeldBy("ShutdownSchedule/exact"))
        .isTrue();

    harness.clock().set(MORNING);
    awaitReplicas("exact", "api", 3);
    harness.awaitValue(() -> statefulSetReplicas("exact", "db"), r -> r == 2);
    Deployment defaulted =
        harness.awaitValue(
            () -> deployment("exact", "defaulted"), d -> d.getSpec().getReplicas() == null);
    assertThat(annotation(defaulted)).isNull();
    assertThat(annotation(deployment("exact", "api"))).isNull();
  }

  @Test
  void twoSleepsInARowKeepTheFirstOriginal() {
    namespace("twice");
    deployment("twice", "api", 4);
    schedule("twice", "namespaces: [twice]");
    harness.clock().set(NIGHT);
    awaitReplicas("twice", "api", 0);
    String firstAnnotation = annotation(deployment("twice", "api"));

    harness.restartOperator(); // a second sleep pass from a fresh process, later the same night
    harness.clock().set(LATE_NIGHT);
    awaitStatus(
        "twice", s -> s.getMetadata().getGeneration().equals(s.getStatus().observedGeneration));
    sleepResyncs();
    assertThat(annotation(deployment("twice", "api"))).isEqualTo(firstAnnotation);

    harness.clock().set(MORNING);
    awaitReplicas("twice", "api", 4);
  }

  @Test
  void operatorRestartedWhileAsleepThenWakesCorrectly() {
    namespace("restart");
    deployment("restart", "api", 2);
    schedule("restart", "namespaces: [restart]");
    harness.clock().set(NIGHT);
    awaitReplicas("restart", "api", 0);

    harness.restartOperator();
    harness.clock().set(MORNING);
    awaitReplicas("restart", "api", 2);
  }

  @Test
  void operatorDownAcrossTheWakeTimeCatchesUp() {
    namespace("down");
    deployment("down", "api", 2);
    schedule("down", "namespaces: [down]");
    harness.clock().set(NIGHT);
    awaitReplicas("down", "api", 0);

    harness.stopOperator();
    harness.clock().set(MORNING.plus(Duration.ofHours(3)));
    sleepResyncs();
    assertThat(replicas("down", "api")).isZero();
    harness.startOperator();
    awaitReplicas("down", "api", 2);
    awaitState("down", "Awake");
  }

  @Test
  void personScalesUpWhileAsleepAndKeepsTheirChange() {
    namespace("person");
    deployment("person", "notebook", 1);
    schedule("person", "namespaces: [person]");
    harness.clock().set(NIGHT);
    awaitReplicas("person", "notebook", 0);

    harness
        .client()
        .apps()
        .deployments()
        .inNamespace("person")
        .withName("notebook")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":5}}");
    ShutdownSchedule reported =
        awaitStatus(
            "person", s -> s.getStatus().keptUserChanges.contains("person/Deployment/notebook"));
    assertThat(reported.getStatus().sleepingWorkloads).isZero();
    sleepResyncs();
    assertThat(replicas("person", "notebook")).isEqualTo(5);
    harness.awaitValue(
        () -> events("person", "notebook"), reasons -> reasons.contains("KeptUserChange"));

    harness.clock().set(MORNING);
    Deployment woken =
        harness.awaitValue(() -> deployment("person", "notebook"), d -> annotation(d) == null);
    assertThat(woken.getSpec().getReplicas()).isEqualTo(5);
    assertThat(awaitState("person", "Awake").getStatus().keptUserChanges)
        .containsExactly("person/Deployment/notebook");
  }

  @Test
  void newWorkloadWhileAsleepSleepsAndWakesAsCreated() {
    namespace("newcomer");
    deployment("newcomer", "api", 1);
    schedule("newcomer", "namespaces: [newcomer]");
    harness.clock().set(NIGHT);
    awaitReplicas("newcomer", "api", 0);

    deployment("newcomer", "late", 2);
    deployment("newcomer", "idle", 0);
    awaitReplicas("newcomer", "late", 0);
    sleepResyncs();
    assertThat(annotation(deployment("newcomer", "idle")))
        .as("nothing to restore, no original")
        .isNull();

    harness.clock().set(MORNING);
    awaitReplicas("newcomer", "late", 2);
    assertThat(replicas("newcomer", "idle")).isZero();
  }

  @Test
  void cronJobSuspendRoundTrip() {
    namespace("cron");
    cronJob("cron", "nightly", false);
    cronJob("cron", "unset", null);
    cronJob("cron", "paused", true);
    schedule("cron", "namespaces: [cron]");
    harness.clock().set(NIGHT);
    harness.awaitValue(
        () -> cronJob("cron", "nightly").getSpec().getSuspend(), Boolean.TRUE::equals);
    harness.awaitValue(() -> cronJob("cron", "unset").getSpec().getSuspend(), Boolean.TRUE::equals);
    assertThat(annotation(cronJob("cron", "paused"))).isNull();

    harness.clock().set(MORNING);
    harness.awaitValue(
        () -> cronJob("cron", "nightly").getSpec().getSuspend(), Boolean.FALSE::equals);
    harness.awaitValue(() -> cronJob("cron", "unset"), c -> c.getSpec().getSuspend() == null);
    assertThat(cronJob("cron", "paused").getSpec().getSuspend()).isTrue();
  }

  @Test
  void kedaScaledObjectIsPausedAndResumed() {
    namespace("keda");
    deployment("keda", "worker", 3);
    harness.apply(
        """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: worker, namespace: keda}
        spec:
          scaleTargetRef: {name: worker}
          minReplicaCount: 1
          maxReplicaCount: 10
        """);
    schedule("keda", "namespaces: [keda]");
    harness.clock().set(NIGHT);
    harness.awaitValue(
        () -> scaledObjectAnnotations("keda", "worker"),
        a -> "0".equals(a.get(Keda.PAUSED_REPLICAS_ANNOTATION)));
    awaitReplicas("keda", "worker", 0);

    harness.clock().set(MORNING);
    harness.awaitValue(
        () -> scaledObjectAnnotations("keda", "worker"),
        a ->
            a.get(Keda.PAUSED_REPLICAS_ANNOTATION) == null
                && a.get(CostguardApi.ORIGINAL_ANNOTATION) == null);
    awaitReplicas("keda", "worker", 3);
  }

  @Test
  void hpaRoundTrips() {
    namespace("hpa");
    deployment("hpa", "web", 4);
    deployment("hpa", "queue", 2);
    hpa("hpa", "web", 2, 8);
    hpa("hpa", "queue", 0, 5);
    schedule("hpa", "namespaces: [hpa]");
    harness.clock().set(NIGHT);
    awaitReplicas("hpa", "web", 0);
    harness.awaitValue(() -> hpa("hpa", "queue").getSpec().getMinReplicas(), min -> min == 1);
    assertThat(annotation(hpa("hpa", "web"))).as("inactive at 0 replicas: left alone").isNull();

    harness.clock().set(MORNING);
    awaitReplicas("hpa", "web", 4);
    harness.awaitValue(() -> hpa("hpa", "queue").getSpec().getMinReplicas(), min -> min == 0);
    assertThat(hpa("hpa", "web").getSpec().getMinReplicas()).isEqualTo(2);
  }

  @Test
  void hpaIsPinnedWhenSleepKeepsReplicas() {
    namespace("pinned");
    deployment("pinned", "web", 4);
    hpa("pinned", "web", 2, 8);
    schedule("pinned", "namespaces: [pinned]\n  sleepReplicas: 1");
    harness.clock().set(NIGHT);
    awaitReplicas("pinned", "web", 1);
    HorizontalPodAutoscaler pinned =
        harness.awaitValue(() -> hpa("pinned", "web"), h -> h.getSpec().getMaxReplicas() == 1);
    assertThat(pinned.getSpec().getMinReplicas()).isEqualTo(1);

    harness.clock().set(MORNING);
    awaitReplicas("pinned", "web", 4);
    HorizontalPodAutoscaler restored =
        harness.awaitValue(() -> hpa("pinned", "web"), h -> h.getSpec().getMaxReplicas() == 8);
    assertThat(restored.getSpec().getMinReplicas()).isEqualTo(2);
  }

  @Test
  void scheduleDeletedWhileAsleepRestoresAll() {
    namespace("deleted");
    deployment("deleted", "api", 3);
    cronJob("deleted", "report", false);
    schedule("deleted", "namespaces: [deleted]");
    harness.clock().set(NIGHT);
    awaitReplicas("deleted", "api", 0);
    harness.awaitValue(
        () -> cronJob("deleted", "report").getSpec().getSuspend(), Boolean.TRUE::equals);

    harness.client().resources(ShutdownSchedule.class).withName("deleted").delete();
    harness.awaitValue(() -> Optional.ofNullable(get("deleted")), Optional::isEmpty);
    assertThat(replicas("deleted", "api")).isEqualTo(3);
    assertThat(cronJob("deleted", "report").getSpec().getSuspend()).isFalse();
  }

  @Test
  void namespaceLeavingTheSelectorIsWoken() {
    harness.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: leaving, labels: {sleepy: "yes"}}
        """);
    deployment("leaving", "api", 2);
    schedule("leaving", "namespaceSelector: {matchLabels: {sleepy: \"yes\"}}");
    harness.clock().set(NIGHT);
    awaitReplicas("leaving", "api", 0);

    namespace("leaving");
    awaitReplicas("leaving", "api", 2);
    assertThat(
            awaitStatus("leaving", s -> s.getStatus().namespaces.isEmpty())
                .getStatus()
                .sleepingWorkloads)
        .isZero();
  }

  @Test
  void dryRunWritesNothing() {
    namespace("dry");
    deployment("dry", "api", 3);
    schedule("dry", "namespaces: [dry]\n  mode: DryRun");
    harness.clock().set(NIGHT);
    ShutdownSchedule reported =
        awaitStatus(
            "dry",
            s ->
                "Asleep".equals(s.getStatus().state)
                    && Conditions.find(s.getStatus().conditions, ShutdownScheduleReconciler.DRY_RUN)
                        .isPresent());
    assertThat(
            Conditions.find(reported.getStatus().conditions, ShutdownScheduleReconciler.DRY_RUN)
                .get()
                .getMessage())
        .contains("dry/Deployment/api");
    sleepResyncs();
    assertThat(replicas("dry", "api")).isEqualTo(3);
    assertThat(writesTo("/namespaces/dry/")).isEmpty();
  }

  @Test
  void sleepPatchAndAnnotationTravelInOneRequest() {
    namespace("onerequest");
    deployment("onerequest", "api", 3);
    schedule("onerequest", "namespaces: [onerequest]");
    harness.clock().set(NIGHT);
    awaitReplicas("onerequest", "api", 0);

    List<ApiRequest> writes = writesTo("/apis/apps/v1/namespaces/onerequest/deployments/api");
    assertThat(writes).hasSize(1);
    ApiRequest patch = writes.get(0);
    assertThat(patch.method()).isEqualTo("PATCH");
    assertThat(patch.contentType()).contains("merge-patch");
    assertThat(patch.body())
        .contains("\"replicas\":0")
        .contains(CostguardApi.ORIGINAL_ANNOTATION)
        .contains("\"resourceVersion\"");
  }

  @Test
  void sleepReplicasAboveAWorkloadsReplicasLeavesItAsItIs() {
    namespace("lowers");
    deployment("lowers", "small", 3);
    deployment("lowers", "stopped", 0);
    deployment("lowers", "big", 9);
    schedule("lowers", "namespaces: [lowers]\n  sleepReplicas: 7");
    harness.clock().set(NIGHT);
    awaitReplicas("lowers", "big", 7);
    ShutdownSchedule reported =
        awaitStatus(
            "lowers",
            s ->
                "Asleep".equals(s.getStatus().state)
                    && Conditions.find(s.getStatus().conditions, Conditions.READY)
                        .get()
                        .getMessage()
                        .contains("at or below sleepReplicas"));
    sleepResyncs();
    assertThat(replicas("lowers", "small")).isEqualTo(3);
    assertThat(replicas("lowers", "stopped")).isEqualTo(0);
    assertThat(writesTo("/namespaces/lowers/deployments/small")).isEmpty();
    assertThat(writesTo("/namespaces/lowers/deployments/stopped")).isEmpty();
    assertThat(
            Conditions.find(reported.getStatus().conditions, Conditions.READY).get().getMessage())
        .contains("lowers/Deployment/small")
        .contains("lowers/Deployment/stopped")
        .doesNotContain("lowers/Deployment/big");
    assertThat(reported.getStatus().sleepingWorkloads).isEqualTo(1);
  }

  @Test
  void wakeRestoresOnlyWhatCostguardHoldsAndReportsAnInjectedField() {
    namespace("injected");
    deployment("injected", "api", 3);
    schedule("injected", "namespaces: [injected]");
    harness.clock().set(NIGHT);
    awaitReplicas("injected", "api", 0);
    // Someone who may edit the workload rewrites the annotation to have the operator write for
    // them.
    harness
        .client()
        .apps()
        .deployments()
        .inNamespace("injected")
        .withName("api")
        .edit(
            d -> {
              d.getMetadata()
                  .getAnnotations()
                  .put(
                      CostguardApi.ORIGINAL_ANNOTATION,
                      """
          [{"holder":"ShutdownSchedule/injected","fields":{
            "/spec/replicas":{"original":3,"applied":0},
            "/spec/template/spec/serviceAccountName":{"original":"cluster-admin","applied":null}}}]""");
              return d;
            });

    harness.clock().set(MORNING);
    awaitReplicas("injected", "api", 3);
    assertThat(
            deployment("injected", "api").getSpec().getTemplate().getSpec().getServiceAccountName())
        .isNull();
    ShutdownSchedule reported =
        awaitStatus(
            "injected",
            s ->
                Conditions.find(s.getStatus().conditions, ShutdownScheduleReconciler.DEGRADED)
                    .filter(
                        c ->
                            ShutdownScheduleReconciler.IGNORED_ORIGINAL_FIELDS.equals(
                                c.getReason()))
                    .isPresent());
    assertThat(
            Conditions.find(reported.getStatus().conditions, ShutdownScheduleReconciler.DEGRADED)
                .get()
                .getMessage())
        .contains("injected/Deployment/api")
        .contains("serviceAccountName");
    assertThat(events("injected", "api")).contains(WorkloadPatcher.IGNORED_ORIGINAL_FIELD);
    sleepResyncs();
    assertThat(
            Conditions.find(
                get("injected").getStatus().conditions, ShutdownScheduleReconciler.DEGRADED))
        .as("still reported while awake")
        .isPresent();
  }

  @Test
  void
      aFinalizerStrippedWhileTheOperatorWasDownLeavesAnOrphanThatIsReportedAndReleasedAfterTheGracePeriod() {
    namespace("orphan");
    deployment("orphan", "api", 3);
    schedule("first", "namespaces: [orphan]");
    harness.clock().set(NIGHT);
    awaitReplicas("orphan", "api", 0);

    harness.stopOperator();
    harness
        .client()
        .resources(ShutdownSchedule.class)
        .withName("first")
        .edit(
            s -> {
              s.getMetadata().setFinalizers(List.of());
              return s;
            });
    harness.client().resources(ShutdownSchedule.class).withName("first").delete();
    harness.startOperator();
    schedule("second", "namespaces: [orphan]");

    ShutdownSchedule second =
        awaitStatus(
            "second",
            s ->
                Conditions.isTrue(
                    s.getStatus().conditions, ShutdownScheduleReconciler.ORPHANED_HOLDS));
    assertThat(
            Conditions.find(
                    second.getStatus().conditions, ShutdownScheduleReconciler.ORPHANED_HOLDS)
                .get()
                .getMessage())
        .contains("orphan/Deployment/api held by ShutdownSchedule/first");
    assertThat(Conditions.find(second.getStatus().conditions, Conditions.READY).get().getMessage())
        .contains("orphaned hold");
    assertThat(events("orphan", "api")).contains(dev.costguard.kube.OrphanedHolds.REASON);
    assertThat(harness.metrics())
        .contains("costguard_orphaned_holds")
        .doesNotContain("costguard_orphaned_holds 0.0");
    assertThat(replicas("orphan", "api")).as("reported, not yet released").isZero();

    harness.clock().set(NIGHT.plus(dev.costguard.kube.OrphanedHolds.GRACE).plusSeconds(60));
    // Released to its original, then put to sleep again by the schedule that exists.
    harness.awaitValue(
        () -> dev.costguard.kube.ClusterView.holdersOf(deployment("orphan", "api")),
        holders -> List.copyOf(holders).equals(List.of("ShutdownSchedule/second")));
    awaitStatus(
        "second",
        s ->
            Conditions.find(s.getStatus().conditions, ShutdownScheduleReconciler.ORPHANED_HOLDS)
                .isEmpty());
    harness.clock().set(MORNING);
    awaitReplicas("orphan", "api", 3);
  }

  @Test
  void anOrphanedHoldIsReleasedAtOnceWhenAPersonAnnotatesTheWorkload() {
    namespace("manual");
    deployment("manual", "api", 3);
    // A hold whose holder never existed, as a force-deleted object leaves it.
    harness
        .client()
        .apps()
        .deployments()
        .inNamespace("manual")
        .withName("api")
        .edit(
            d -> {
              d.getSpec().setReplicas(0);
              d.getMetadata()
                  .setAnnotations(
                      new java.util.HashMap<>(
                          Map.of(
                              CostguardApi.ORIGINAL_ANNOTATION,
                              "[{\"holder\":\"ShutdownSchedule/gone\",\"fields\":{\"/spec/replicas\":{\"original\":3,\"applied\":0}}}]")));
              return d;
            });
    harness.awaitValue(
        () -> events("manual", "api"),
        reasons -> reasons.contains(dev.costguard.kube.OrphanedHolds.REASON));
    assertThat(replicas("manual", "api")).isZero();

    harness
        .client()
        .apps()
        .deployments()
        .inNamespace("manual")
        .withName("api")
        .edit(
            d -> {
              d.getMetadata()
                  .getAnnotations()
                  .put(dev.costguard.kube.OrphanedHolds.RELEASE_ANNOTATION, "true");
              return d;
            });
    awaitReplicas("manual", "api", 3);
    assertThat(annotation(deployment("manual", "api"))).isNull();
  }

  @Test
  void aScheduleDeletedWhileTheOperatorIsDownWakesItsWorkloadsOnStart() {
    namespace("downdelete");
    deployment("downdelete", "api", 3);
    schedule("downdelete", "namespaces: [downdelete]");
    harness.clock().set(NIGHT);
    awaitReplicas("downdelete", "api", 0);

    harness.stopOperator();
    harness.client().resources(ShutdownSchedule.class).withName("downdelete").delete();
    assertThat(get("downdelete")).as("the finalizer keeps it").isNotNull();
    harness.startOperator();
    harness.awaitValue(() -> Optional.ofNullable(get("downdelete")), Optional::isEmpty);
    assertThat(replicas("downdelete", "api")).isEqualTo(3);
  }

  @Test
  void protectedNamespacesAreNeverTouched() {
    namespace("kube-system");
    namespace("costguard-system");
    deployment("kube-system", "coredns", 2);
    deployment("costguard-system", "costguard", 1);
    schedule("protected", "namespaces: [kube-system, costguard-system]");
    harness.clock().set(NIGHT);
    ShutdownSchedule reported = awaitState("protected", "Asleep");
    sleepResyncs();
    assertThat(replicas("kube-system", "coredns")).isEqualTo(2);
    assertThat(replicas("costguard-system", "costguard")).isEqualTo(1);
    assertThat(writesTo("/namespaces/kube-system/deployments")).isEmpty();
    assertThat(reported.getStatus().namespaces).isEmpty();
    assertThat(
            Conditions.find(reported.getStatus().conditions, Conditions.READY).get().getMessage())
        .contains("protected")
        .contains("kube-system");
    var skipped =
        Conditions.find(
                get("protected").getStatus().conditions,
                dev.costguard.kube.HoldConditions.PROTECTED_NAMESPACES_SKIPPED)
            .orElseThrow();
    assertThat(skipped.getStatus()).isEqualTo("True");
    assertThat(skipped.getMessage()).contains("costguard-system, kube-system");
    assertThat(
            harness.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(
                    e ->
                        "protected".equals(e.getInvolvedObject().getName())
                            && dev.costguard.kube.HoldConditions.PROTECTED_NAMESPACES_SKIPPED
                                .equals(e.getReason())))
        .as("one Warning, sent once")
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void awakeUntilIsHonouredAndSleepResumesAfterItExpires() {
    harness.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: overtime
          annotations: {costguard.dev/awake-until: "2026-06-10T23:00:00Z"}
        """);
    harness.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: garbled
          annotations: {costguard.dev/awake-until: "tomorrow-ish"}
        """);
    deployment("overtime", "api", 2);
    deployment("garbled", "api", 2);
    schedule("overtime", "namespaces: [overtime, garbled]");
    harness.clock().set(NIGHT);
    awaitReplicas("garbled", "api", 0);
    sleepResyncs();
    assertThat(replicas("overtime", "api")).isEqualTo(2);
    harness.awaitValue(
        () -> events("default", "overtime"), reasons -> reasons.contains("InvalidAwakeUntil"));

    harness.clock().set(Instant.parse("2026-06-10T23:00:00Z"));
    awaitReplicas("overtime", "api", 0);
  }

  @Test
  void excludedWorkloadsStayAwake() {
    namespace("excluded");
    deployment("excluded", "api", 2);
    harness.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: critical
          namespace: excluded
          labels: {costguard.dev/critical: "true"}
        spec:
          replicas: 2
          selector: {matchLabels: {app: critical}}
          template: {metadata: {labels: {app: critical}}, spec: {containers: [{name: c, image: x}]}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: annotated
          namespace: excluded
          annotations: {costguard.dev/exclude: "true"}
        spec:
          replicas: 2
          selector: {matchLabels: {app: annotated}}
          template: {metadata: {labels: {app: annotated}}, spec: {containers: [{name: c, image: x}]}}
        """);
    schedule(
        "excluded",
        "namespaces: [excluded]\n  exclude: {matchLabels: {costguard.dev/critical: \"true\"}}");
    harness.clock().set(NIGHT);
    awaitReplicas("excluded", "api", 0);
    sleepResyncs();
    assertThat(replicas("excluded", "critical")).isEqualTo(2);
    assertThat(replicas("excluded", "annotated")).isEqualTo(2);
  }

  @Test
  void statusAndMetricsDescribeTheSleep() {
    namespace("reported");
    deployment("reported", "gpu-notebook", 1);
    cronJob("reported", "eval", false);
    schedule("reported", "namespaces: [reported]");
    harness.clock().set(NIGHT);
    ShutdownSchedule asleep =
        awaitStatus("reported", s -> Integer.valueOf(2).equals(s.getStatus().sleepingWorkloads));
    assertThat(asleep.getStatus().state).isEqualTo("Asleep");
    assertThat(asleep.getStatus().nextTransition).isEqualTo("2026-06-11T06:00:00Z");
    assertThat(asleep.getStatus().namespaces).containsExactly("reported");
    assertThat(asleep.getStatus().currency).isEqualTo("USD");
    // Savings count from when the schedule was first seen: an hour asleep saves an hour's cost.
    harness.clock().set(NIGHT.plus(java.time.Duration.ofHours(1)));
    asleep =
        awaitStatus(
            "reported",
            s ->
                s.getStatus().estimatedSavings != null
                    && s.getStatus().estimatedSavings.signum() > 0);
    assertThat(asleep.getStatus().observedGeneration)
        .isEqualTo(asleep.getMetadata().getGeneration());
    String metrics =
        harness.awaitValue(
            () -> harness.operator().registry().scrape(),
            m -> m.contains("costguard_schedule_sleeping_workloads{schedule=\"reported\"} 2.0"));
    assertThat(metrics)
        .contains(
            "costguard_schedule_transitions_total{schedule=\"reported\",state=\"Asleep\"} 1.0")
        .contains("costguard_savings_total{currency=\"USD\",schedule=\"reported\"}");
  }

  @Test
  void badInputIsReportedAndChangesNothing() {
    namespace("bad");
    deployment("bad", "api", 2);
    harness.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: garbage
          namespace: bad
          annotations: {costguard.dev/original: "{not json"}
        spec:
          replicas: 2
          selector: {matchLabels: {app: garbage}}
          template: {metadata: {labels: {app: garbage}}, spec: {containers: [{name: c, image: x}]}}
        """);
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ShutdownSchedule
        metadata: {name: bad-zone}
        spec:
          namespaces: [bad]
          timeZone: Mars/Olympus_Mons
          sleep: [{days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], from: "20:00", to: "06:00"}]
        """);
    harness.clock().set(NIGHT);
    ShutdownSchedule invalid =
        harness.awaitValue(
            () -> get("bad-zone"),
            s ->
                s != null
                    && s.getStatus() != null
                    && !Conditions.isTrue(s.getStatus().conditions, Conditions.READY)
                    && !s.getStatus().conditions.isEmpty());
    assertThat(Conditions.find(invalid.getStatus().conditions, Conditions.READY).get().getMessage())
        .contains("Mars/Olympus_Mons");
    sleepResyncs();
    assertThat(replicas("bad", "api")).isEqualTo(2);

    schedule("bad", "namespaces: [bad]");
    awaitReplicas("bad", "api", 0);
    ShutdownSchedule degraded =
        awaitStatus(
            "bad",
            s -> Conditions.isTrue(s.getStatus().conditions, ShutdownScheduleReconciler.DEGRADED));
    assertThat(
            Conditions.find(degraded.getStatus().conditions, ShutdownScheduleReconciler.DEGRADED)
                .get()
                .getMessage())
        .contains("bad/Deployment/garbage");
    assertThat(replicas("bad", "garbage")).isEqualTo(2);
    assertThat(Conditions.isTrue(degraded.getStatus().conditions, Conditions.READY)).isTrue();
  }

  // --- the cluster as a user sees it

  static void namespace(String name) {
    harness.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + name + "}\n");
  }

  static void schedule(String name, String selection) {
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ShutdownSchedule
        metadata: {name: %s}
        spec:
          %s
          timeZone: UTC
          sleep: [{days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], from: "20:00", to: "06:00"}]
        """
            .formatted(name, selection));
  }

  static void deployment(String namespace, String name, Integer replicas) {
    harness.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: %s}
        spec:
          %s
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers:
                - name: main
                  image: registry.example/app:1
                  resources: {requests: {cpu: "2", memory: 8Gi, nvidia.com/gpu: "1"}}
        """
            .formatted(
                name, namespace, replicas == null ? "" : "replicas: " + replicas, name, name));
  }

  static void statefulSet(String namespace, String name, int replicas) {
    harness.apply(
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: %s, namespace: %s}
        spec:
          replicas: %d
          serviceName: %s
          selector: {matchLabels: {app: %s}}
          template: {metadata: {labels: {app: %s}}, spec: {containers: [{name: main, image: postgres}]}}
        """
            .formatted(name, namespace, replicas, name, name, name));
  }

  static void cronJob(String namespace, String name, Boolean suspend) {
    harness.apply(
        """
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: %s, namespace: %s}
        spec:
          schedule: "0 2 * * *"
          %s
          jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: main, image: eval}]}}}}
        """
            .formatted(name, namespace, suspend == null ? "" : "suspend: " + suspend));
  }

  static void hpa(String namespace, String target, int min, int max) {
    harness.apply(
        """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: %s, namespace: %s}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
          minReplicas: %d
          maxReplicas: %d
        """
            .formatted(target, namespace, target, min, max));
  }

  static Deployment deployment(String namespace, String name) {
    return harness.client().apps().deployments().inNamespace(namespace).withName(name).get();
  }

  static Integer replicas(String namespace, String name) {
    return deployment(namespace, name).getSpec().getReplicas();
  }

  static int statefulSetReplicas(String namespace, String name) {
    StatefulSet set =
        harness.client().apps().statefulSets().inNamespace(namespace).withName(name).get();
    return set.getSpec().getReplicas();
  }

  static CronJob cronJob(String namespace, String name) {
    return harness.client().batch().v1().cronjobs().inNamespace(namespace).withName(name).get();
  }

  static HorizontalPodAutoscaler hpa(String namespace, String name) {
    return harness
        .client()
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  static Map<String, String> scaledObjectAnnotations(String namespace, String name) {
    GenericKubernetesResource scaledObject =
        harness
            .client()
            .genericKubernetesResources(SCALED_OBJECTS)
            .inNamespace(namespace)
            .withName(name)
            .get();
    return Optional.ofNullable(scaledObject.getMetadata().getAnnotations()).orElse(Map.of());
  }

  /** The mock API server keeps merge-patched nulls as null values; a real one removes the key. */
  static String annotation(HasMetadata workload) {
    return Optional.ofNullable(workload.getMetadata().getAnnotations())
        .map(a -> a.get(CostguardApi.ORIGINAL_ANNOTATION))
        .orElse(null);
  }

  static void awaitReplicas(String namespace, String name, int replicas) {
    harness.awaitValue(() -> replicas(namespace, name), r -> r != null && r == replicas);
  }

  static ShutdownSchedule get(String name) {
    return harness.client().resources(ShutdownSchedule.class).withName(name).get();
  }

  static ShutdownSchedule awaitStatus(
      String name, java.util.function.Predicate<ShutdownSchedule> until) {
    return harness.awaitValue(
        () -> get(name), s -> s != null && s.getStatus() != null && until.test(s));
  }

  static ShutdownSchedule awaitState(String name, String state) {
    return awaitStatus(name, s -> state.equals(s.getStatus().state));
  }

  /** Reasons of the events recorded in {@code namespace} about objects named {@code name}. */
  static List<String> events(String namespace, String name) {
    return harness.client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .map(io.fabric8.kubernetes.api.model.Event::getReason)
        .toList();
  }

  /**
   * Changes to existing objects (not creations, not events) whose path contains {@code pathPart}.
   */
  static List<ApiRequest> writesTo(String pathPart) {
    return harness.requests().stream()
        .filter(
            r ->
                List.of("PATCH", "PUT", "DELETE").contains(r.method())
                    && r.path().contains(pathPart))
        .toList();
  }

  /** Long enough for two reconciles at the 1 s test resync. */
  static void sleepResyncs() {
    try {
      Thread.sleep(2200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
