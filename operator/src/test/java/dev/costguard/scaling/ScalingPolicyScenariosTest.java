package dev.costguard.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.kube.Conditions;
import dev.costguard.kube.HoldConditions;
import dev.costguard.kube.KstatusConditions;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.Manifests;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The operator against the mock API server, with pod metrics in it and a Prometheus stub. */
class ScalingPolicyScenariosTest {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static PrometheusStub prometheus;
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    prometheus = new PrometheusStub();
    harness =
        OperatorHarness.start(
            OperatorHarness.testConfig().withPrometheusAllowedUrls(List.of(prometheus.url() + "/")),
            OperatorHarness.DEFAULT_START);
    Manifests.apply(
        harness.client(),
        FleetSeed.objects().stream().filter(o -> o.getKind().equals("Node")).toList());
  }

  @AfterAll
  static void stop() {
    harness.close();
    prometheus.close();
  }

  @Test
  void scalesUpWhenCpuIsAboveItsBand() {
    String ns = namespace();
    deployment(ns, "api", 2);
    cpuUsage(ns, "api", 2, 900, now());
    policy(ns, "api", "api", 1, 10, cpuTrigger(70, 40), "");

    assertThat(awaitReplicas(ns, "api", 4)).isEqualTo(4);
    ScalingPolicy policy =
        awaitPolicy(
            ns,
            "api",
            p -> p.getStatus().desiredReplicas == 4 && p.getStatus().lastScaleTime != null);
    assertThat(policy.getStatus().metrics)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.trigger).isEqualTo("cpu");
              assertThat(m.value).isEqualTo(90.0);
            });
    assertThat(awaitEvents(ns, "ScaledUp"))
        .anyMatch(e -> e.getMessage().contains("Deployment/api 2 -> 4: cpu 90 above 70"));
    assertThat(scrape())
        .contains(
            "costguard_scaling_actions_total{direction=\"up\",namespace=\""
                + ns
                + "\",policy=\"api\",reason=\"Metrics\"} 1.0");
    assertThat(patchesOf("/namespaces/" + ns + "/deployments/api"))
        .isNotEmpty()
        .allSatisfy(
            body -> assertThat(body).contains("\"resourceVersion\"").contains("\"replicas\":4"));
  }

  @Test
  void aNamespaceWithAScalingPolicySleepsAndWakesOnItsSchedule() {
    String ns = namespace();
    Instant day = now();
    deployment(ns, "api", 3);
    cpuUsage(ns, "api", 3, 550, now());
    policy(ns, "api", "api", 1, 10, cpuTrigger(70, 40), "");
    awaitPolicy(
        ns,
        "api",
        p ->
            hasCondition(p, "ScalingHeld", "False", "NotHeld")
                && Integer.valueOf(3).equals(p.getStatus().desiredReplicas));
    String schedule = ns + "-nights";
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ShutdownSchedule
        metadata: {name: %s}
        spec:
          namespaces: [%s]
          timeZone: UTC
          sleep: [{days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], from: "20:00", to: "06:00"}]
        """
            .formatted(schedule, ns));
    try {
      Instant night =
          day.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plus(Duration.ofHours(21));
      harness.clock().set(night.isAfter(day) ? night : night.plus(Duration.ofDays(1)));
      cpuUsage(ns, "api", 3, 550, now());
      awaitReplicas(ns, "api", 0);
      ScalingPolicy held =
          awaitPolicy(
              ns, "api", p -> hasCondition(p, "ScalingHeld", "True", "HeldByShutdownSchedule"));
      assertThat(condition(held, "ScalingHeld").getMessage())
          .contains("ShutdownSchedule/" + schedule);
      sleepOneResync();
      sleepOneResync();
      assertThat(replicas(ns, "api")).as("the policy does not wake the workload").isZero();
      var asleep =
          harness.awaitValue(
              () -> shutdownSchedule(schedule),
              s -> s.getStatus() != null && "Asleep".equals(s.getStatus().state));
      assertThat(asleep.getStatus().sleepingWorkloads).isEqualTo(1);
      assertThat(asleep.getStatus().keptUserChanges).isEmpty();
      assertThat(patchesOf("/namespaces/" + ns + "/deployments/api"))
          .as("only the sleep")
          .hasSize(1);

      harness.clock().advance(Duration.ofHours(10)); // 07:00: awake
      cpuUsage(ns, "api", 3, 550, now());
      awaitReplicas(ns, "api", 3);
      var awake =
          harness.awaitValue(
              () -> shutdownSchedule(schedule), s -> "Awake".equals(s.getStatus().state));
      assertThat(awake.getStatus().keptUserChanges).isEmpty();
      awaitPolicy(ns, "api", p -> hasCondition(p, "ScalingHeld", "False", "NotHeld"));

      cpuUsage(ns, "api", 3, 880, now()); // and it scales again, from the restored replicas
      assertThat(awaitReplicas(ns, "api", 5)).isEqualTo(5);
    } finally {
      harness
          .client()
          .resources(dev.costguard.api.v1alpha1.ShutdownSchedule.class)
          .withName(schedule)
          .delete();
    }
  }

  @Test
  void aPersonsZeroPausesThePolicyLikeTheHpa() {
    String ns = namespace();
    deployment(ns, "api", 0);
    policy(ns, "api", "api", 1, 10, cpuTrigger(70, 40), "");
    ScalingPolicy paused =
        awaitPolicy(ns, "api", p -> hasCondition(p, "ScalingHeld", "True", "PausedAtZero"));
    assertThat(condition(paused, "ScalingHeld").getMessage()).contains("set by a person");
    sleepOneResync();
    assertThat(replicas(ns, "api")).isZero();

    harness
        .client()
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("api")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":2}}");
    cpuUsage(ns, "api", 2, 900, now());
    assertThat(awaitReplicas(ns, "api", 4)).isEqualTo(4);
  }

  @Test
  void aTargetTheSchemaCannotJudgeIsReportedAndTheWorkloadLeftAlone() {
    String ns = namespace();
    deployment(ns, "api", 2);
    cpuUsage(ns, "api", 2, 900, now());
    policy(
        ns,
        "api",
        "api",
        1,
        10,
        """
            - type: Resource
              resource: memory
              target: {type: AverageValue, averageValue: "0"}
        """,
        "");

    ScalingPolicy policy =
        awaitPolicy(ns, "api", p -> hasCondition(p, Conditions.READY, "False", "InvalidTarget"));
    assertThat(condition(policy, Conditions.READY).getMessage())
        .contains("triggers[0].target")
        .contains("above 0");
    sleepOneResync();
    assertThat(patchesOf("/namespaces/" + ns + "/deployments/api")).isEmpty();
  }

  @Test
  void aContainerResourceTargetCountsOnlyItsContainer() {
    String ns = namespace();
    harness.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: llm, namespace: %1$s, labels: {app: llm}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: llm}}
          template:
            metadata: {labels: {app: llm}}
            spec:
              containers:
                - {name: model, image: registry.example/llm:1, resources: {requests: {cpu: "1"}}}
                - {name: proxy, image: registry.example/proxy:1, resources: {requests: {cpu: "1"}}}
        """
            .formatted(ns));
    String since = now().minus(Duration.ofHours(1)).toString();
    for (int i = 0; i < 2; i++) {
      harness
          .client()
          .resource(
              new io.fabric8.kubernetes.api.model.PodBuilder()
                  .withNewMetadata()
                  .withNamespace(ns)
                  .withName("llm-" + i)
                  .withLabels(Map.of("app", "llm"))
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("model")
                  .withImage("m")
                  .withNewResources()
                  .withRequests(Map.of("cpu", new Quantity("1")))
                  .endResources()
                  .endContainer()
                  .addNewContainer()
                  .withName("proxy")
                  .withImage("p")
                  .withNewResources()
                  .withRequests(Map.of("cpu", new Quantity("1")))
                  .endResources()
                  .endContainer()
                  .endSpec()
                  .withNewStatus()
                  .withPhase("Running")
                  .withStartTime(since)
                  .addNewCondition()
                  .withType("Ready")
                  .withStatus("True")
                  .withLastTransitionTime(since)
                  .endCondition()
                  .endStatus()
                  .build())
          .createOr(NonDeletingOperation::update);
      // the model container at 90% of its request, the proxy idle: the pod as a whole is at 45%
      harness
          .client()
          .resource(
              new PodMetricsBuilder()
                  .withNewMetadata()
                  .withNamespace(ns)
                  .withName("llm-" + i)
                  .withLabels(Map.of("app", "llm"))
                  .endMetadata()
                  .withTimestamp(now().toString())
                  .addNewContainer()
                  .withName("model")
                  .withUsage(Map.of("cpu", new Quantity("900m")))
                  .endContainer()
                  .addNewContainer()
                  .withName("proxy")
                  .withUsage(Map.of("cpu", new Quantity("0")))
                  .endContainer()
                  .build())
          .createOr(NonDeletingOperation::update);
    }
    policy(
        ns,
        "llm",
        "llm",
        1,
        10,
        """
            - type: ContainerResource
              resource: cpu
              container: model
              target: {type: Utilization, averageUtilization: 60}
        """,
        "");

    assertThat(awaitReplicas(ns, "llm", 3)).isEqualTo(3); // ceil(2 x 90 / 60)
    ScalingPolicy policy =
        awaitPolicy(
            ns,
            "llm",
            p -> !p.getStatus().metrics.isEmpty() && p.getStatus().metrics.get(0).value != null);
    assertThat(policy.getStatus().metrics.get(0).trigger).isEqualTo("cpu/model");
    assertThat(policy.getStatus().metrics.get(0).value).isEqualTo(90.0);
  }

  @Test
  void scalesAStatefulSetLikeADeployment() {
    String ns = namespace();
    harness.apply(
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: %1$s, labels: {app: db}}
        spec:
          replicas: 2
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers:
                - {name: app, image: registry.example/db:1, resources: {requests: {cpu: "1", memory: 1Gi}}}
        ---
        apiVersion: costguard.dev/v1alpha1
        kind: ScalingPolicy
        metadata: {name: db, namespace: %1$s}
        spec:
          targetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
          minReplicas: 1
          maxReplicas: 10
          triggers:
        %2$s"""
            .formatted(ns, cpuTrigger(70, 40)));
    cpuUsage(ns, "db", 2, 900, now());

    assertThat(
            harness.awaitValue(
                () ->
                    harness
                        .client()
                        .apps()
                        .statefulSets()
                        .inNamespace(ns)
                        .withName("db")
                        .get()
                        .getSpec()
                        .getReplicas(),
                r -> r == 4))
        .isEqualTo(4);
    assertThat(awaitEvents(ns, "ScaledUp"))
        .anyMatch(e -> e.getMessage().contains("StatefulSet/db 2 -> 4"));
  }

  @Test
  void holdsInsideTheBandAndScalesDownOnlyAfterTheStabilisationWindow() {
    String ns = namespace();
    deployment(ns, "api", 4);
    cpuUsage(ns, "api", 4, 550, now());
    policy(ns, "api", "api", 1, 10, cpuTrigger(70, 40), "");
    awaitPolicy(ns, "api", p -> Conditions.isTrue(p.getStatus().conditions, Conditions.READY));

    cpuUsage(ns, "api", 4, 100, now());
    awaitPolicy(ns, "api", p -> p.getStatus().recommendations.size() == 2);
    harness.clock().advance(Duration.ofSeconds(200));
    cpuUsage(ns, "api", 4, 100, now());
    sleepOneResync();
    assertThat(replicas(ns, "api")).as("within the 300 s window").isEqualTo(4);

    harness.clock().advance(Duration.ofSeconds(101));
    cpuUsage(ns, "api", 4, 100, now());
    assertThat(awaitReplicas(ns, "api", 1)).isEqualTo(1);
    assertThat(awaitEvents(ns, "ScaledDown")).isNotEmpty();
  }

  @Test
  void staleMetricsNeverScaleDown() {
    String ns = namespace();
    deployment(ns, "api", 4);
    cpuUsage(ns, "api", 4, 50, now().minus(Duration.ofMinutes(10)));
    policy(
        ns,
        "api",
        "api",
        1,
        10,
        cpuTrigger(70, 40),
        """
          behavior:
            scaleDown:
              stabilizationWindowSeconds: 0
        """);

    // The shared metrics snapshot may predate the samples ("no pod metrics yet"): wait for them.
    ScalingPolicy policy =
        awaitPolicy(
            ns,
            "api",
            p ->
                Conditions.isTrue(p.getStatus().conditions, "MetricsUnavailable")
                    && condition(p, "MetricsUnavailable").getMessage().contains("stale"));
    assertThat(condition(policy, "MetricsUnavailable").getMessage()).contains("stale");
    sleepOneResync();
    assertThat(replicas(ns, "api")).isEqualTo(4);
  }

  @Test
  void scalesUpOnAPrometheusGpuQueryWithABearerToken() {
    String ns = namespace();
    String query = "avg(DCGM_FI_DEV_GPU_UTIL{namespace=\"" + ns + "\"})";
    // Prometheus's clock (the wall clock) is far from the operator's: the value is fresh all the
    // same.
    prometheus.answerLive(query, 95);
    harness.apply(
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: prom-token, namespace: %s}
        data: {token: c2VjcmV0LXRva2Vu}
        """
            .formatted(ns));
    deployment(ns, "llm", 1);
    runningPods(ns, "llm", 1);
    policy(
        ns,
        "llm",
        "llm",
        1,
        4,
        prometheusTrigger(prometheus.url(), query, 80, 30)
            + """
              bearerTokenSecretRef: {name: prom-token, key: token}
        """,
        "");

    assertThat(awaitReplicas(ns, "llm", 2)).isEqualTo(2);
    assertThat(prometheus.lastAuthorization.get(query)).isEqualTo("Bearer secret-token");
    // The gauge is set after the replica write, in the same reconcile.
    String gauge = "costguard_gpu_utilization_ratio{namespace=\"" + ns + "\"} 0.95";
    assertThat(harness.awaitValue(ScalingPolicyScenariosTest::scrape, text -> text.contains(gauge)))
        .contains(gauge);
  }

  @Test
  void aPrometheusAnswerOlderThanMaxAgeOnPrometheussOwnClockIsStaleAndScalesNothing() {
    String ns = namespace();
    String query = "avg(DCGM_FI_DEV_GPU_UTIL{namespace=\"" + ns + "\"})";
    // A cached answer (a query front-end, say): sampled 10 minutes before Prometheus answered,
    // although the operator's clock is days away from Prometheus's.
    prometheus.answer(query, PrometheusStub.vector(Instant.now().minus(Duration.ofMinutes(10)), 5));
    deployment(ns, "llm", 3);
    runningPods(ns, "llm", 3);
    policy(
        ns,
        "llm",
        "llm",
        1,
        4,
        prometheusTrigger(prometheus.url(), query, 80, 30),
        """
          behavior:
            scaleDown:
              stabilizationWindowSeconds: 0
        """);

    ScalingPolicy policy =
        awaitPolicy(
            ns, "llm", p -> Conditions.isTrue(p.getStatus().conditions, "MetricsUnavailable"));
    assertThat(condition(policy, "MetricsUnavailable").getMessage())
        .contains("stale")
        .contains("older than 300s");
    sleepOneResync();
    assertThat(replicas(ns, "llm")).as("a stale value never scales down").isEqualTo(3);
  }

  @Test
  void refusesAPrometheusAddressOffTheAllowList() {
    String ns = namespace();
    deployment(ns, "llm", 1);
    policy(ns, "llm", "llm", 1, 4, prometheusTrigger("http://10.0.0.1:9090", "up", 80, 30), "");

    ScalingPolicy policy =
        awaitPolicy(
            ns, "llm", p -> hasCondition(p, Conditions.READY, "False", "PrometheusAddressRefused"));
    assertThat(condition(policy, Conditions.READY).getMessage())
        .contains("not on the operator's Prometheus allow-list");
    assertThat(events(ns, "PrometheusAddressRefused"))
        .allMatch(e -> e.getType().equals("Warning"))
        .isNotEmpty();
    assertThat(patchesOf("/namespaces/" + ns + "/deployments/llm")).isEmpty();
  }

  @Test
  void reportsAQueryReturningManySeriesAndLeavesTheWorkload() {
    String ns = namespace();
    String query = "DCGM_FI_DEV_GPU_UTIL{namespace=\"" + ns + "\"}";
    prometheus.answerLive(query, 95, 97);
    deployment(ns, "llm", 1);
    policy(ns, "llm", "llm", 1, 4, prometheusTrigger(prometheus.url(), query, 80, 30), "");

    ScalingPolicy policy =
        awaitPolicy(
            ns, "llm", p -> hasCondition(p, Conditions.READY, "False", "QueryReturnedManySeries"));
    assertThat(condition(policy, Conditions.READY).getMessage()).contains("2 series");
    assertThat(events(ns, "QueryReturnedManySeries")).isNotEmpty();
    assertThat(patchesOf("/namespaces/" + ns + "/deployments/llm")).isEmpty();
  }

  @Test
  void stopsAtWhatTheBudgetCanPayFor() {
    String ns = namespace();
    String budget = ns + "-budget";
    // 1 core + 1 GiB at OpenCost defaults: 0.035848 USD per replica-hour; 0.1 USD left for 1 h pays
    // for 2.
    budgetWithStatus(budget, "10", "9.9", now().plus(Duration.ofHours(1)), List.of());
    deployment(ns, "api", 1);
    cpuUsage(ns, "api", 1, 990, now());
    policy(ns, "api", "api", 1, 10, cpuTrigger(70, 40), "  budgetRef: " + budget + "\n");

    assertThat(awaitReplicas(ns, "api", 2)).isEqualTo(2);
    cpuUsage(ns, "api", 2, 990, now()); // the second pod runs as busy: the metrics ask 4
    ScalingPolicy policy = awaitPolicy(ns, "api", p -> "Budget".equals(p.getStatus().limitedBy));
    assertThat(condition(policy, "ScalingLimited").getStatus()).isEqualTo("True");
    sleepOneResync();
    assertThat(replicas(ns, "api")).isEqualTo(2);
  }

  @Test
  void obeysTheBudgetsScaleToMinimum() {
    String ns = namespace();
    String budget = ns + "-budget";
    budgetWithStatus(budget, "1000", "990", now().plus(Duration.ofHours(5)), List.of(100));
    deployment(ns, "api", 5);
    cpuUsage(ns, "api", 5, 550, now());
    policy(ns, "api", "api", 2, 10, cpuTrigger(70, 40), "  budgetRef: " + budget + "\n");

    assertThat(awaitReplicas(ns, "api", 2)).isEqualTo(2);
    assertThat(harness.awaitValue(() -> events(ns, "ScaledDown"), list -> !list.isEmpty()))
        .anyMatch(e -> e.getMessage().contains("the budget scales to the minimum"));
  }

  @Test
  void anUnknownBudgetIsReportedAndTheWorkloadLeftAlone() {
    String ns = namespace();
    deployment(ns, "api", 1);
    cpuUsage(ns, "api", 1, 990, now());
    policy(ns, "api", "api", 1, 10, cpuTrigger(70, 40), "  budgetRef: nobody-has-this\n");

    awaitPolicy(ns, "api", p -> hasCondition(p, Conditions.READY, "False", "BudgetNotFound"));
    assertThat(events(ns, "BudgetNotFound")).isNotEmpty();
    assertThat(patchesOf("/namespaces/" + ns + "/deployments/api")).isEmpty();
  }

  @Test
  void aMissingTargetIsReported() {
    String ns = namespace();
    policy(ns, "ghost", "ghost", 1, 3, cpuTrigger(70, 40), "");
    ScalingPolicy policy =
        awaitPolicy(ns, "ghost", p -> hasCondition(p, Conditions.READY, "False", "TargetNotFound"));
    assertThat(condition(policy, Conditions.READY).getMessage())
        .contains("Deployment ghost not found");
  }

  @Test
  void drivesAnHpaInsteadOfReplicasAndRestoresItWhenThePolicyIsDeleted() {
    String ns = namespace();
    deployment(ns, "api", 2);
    harness.apply(
        """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: api, namespace: %s}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
          minReplicas: 1
          maxReplicas: 20
        """
            .formatted(ns));
    policy(ns, "api", "api", 2, 6, cpuTrigger(70, 40), "");

    GenericKubernetesResource hpa =
        harness.awaitValue(() -> hpa(ns), h -> at(h, "/spec/maxReplicas") == 6);
    assertThat(at(hpa, "/spec/minReplicas")).isEqualTo(2);
    ScalingPolicy policy =
        awaitPolicy(ns, "api", p -> "HorizontalPodAutoscaler/api".equals(p.getStatus().scaledVia));
    assertThat(condition(policy, Conditions.READY).getMessage())
        .contains("bounds HorizontalPodAutoscaler/api to 2..6");
    assertThat(patchesOf("/namespaces/" + ns + "/deployments/api")).isEmpty();

    deletePolicy(ns, "api");
    hpa = harness.awaitValue(() -> hpa(ns), h -> at(h, "/spec/maxReplicas") == 20);
    assertThat(at(hpa, "/spec/minReplicas")).isEqualTo(1);
    assertThat(hpa.getMetadata().getAnnotations())
        .extracting(a -> a.get(CostguardApi.ORIGINAL_ANNOTATION))
        .isNull();
    assertThat(replicas(ns, "api")).isEqualTo(2);
  }

  @Test
  void drivesAKedaScaledObjectAndRestoresItWhenThePolicyIsDeleted() {
    String ns = namespace();
    deployment(ns, "worker", 2);
    harness.apply(
        """
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: worker, namespace: %s}
        spec:
          scaleTargetRef: {name: worker}
          maxReplicaCount: 50
          triggers: [{type: cpu, metricType: Utilization, metadata: {value: "60"}}]
        """
            .formatted(ns));
    policy(
        ns,
        "worker",
        "worker",
        0,
        8,
        "",
        """
          schedules:
            - days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]
              from: "00:00"
              to: "23:59"
              minReplicas: 3
        """);

    GenericKubernetesResource so =
        harness.awaitValue(() -> scaledObject(ns), s -> at(s, "/spec/maxReplicaCount") == 8);
    assertThat(at(so, "/spec/minReplicaCount")).isEqualTo(3);

    deletePolicy(ns, "worker");
    so = harness.awaitValue(() -> scaledObject(ns), s -> at(s, "/spec/maxReplicaCount") == 50);
    var minReplicaCount = Serialization.jsonMapper().valueToTree(so).at("/spec/minReplicaCount");
    assertThat(minReplicaCount.isMissingNode() || minReplicaCount.isNull())
        .as("absent again")
        .isTrue();
  }

  @Test
  void theOlderOfTwoPoliciesWinsAndTheNewerReportsConflict() {
    String ns = namespace();
    deployment(ns, "api", 2);
    cpuUsage(ns, "api", 2, 550, now());
    policy(ns, "first", "api", 1, 10, cpuTrigger(70, 40), "");
    awaitPolicy(ns, "first", p -> Conditions.isTrue(p.getStatus().conditions, Conditions.READY));
    harness.clock().advance(Duration.ofSeconds(1));
    policy(ns, "second", "api", 5, 10, cpuTrigger(70, 40), "");

    ScalingPolicy second =
        awaitPolicy(ns, "second", p -> Conditions.isTrue(p.getStatus().conditions, "Conflict"));
    assertThat(condition(second, "Conflict").getMessage()).contains("ScalingPolicy first is older");
    assertThat(
            Conditions.isTrue(
                awaitPolicy(ns, "first", p -> true).getStatus().conditions, "Conflict"))
        .isFalse();
    sleepOneResync();
    assertThat(replicas(ns, "api")).isEqualTo(2);
  }

  @Test
  void anInvalidOlderPolicyDoesNotOwnItsTargetOrBlockANewerOne() {
    String ns = namespace();
    deployment(ns, "api", 2);
    cpuUsage(ns, "api", 2, 550, now());
    policy(ns, "broken", "api", 6, 5, cpuTrigger(70, 40), "");
    ScalingPolicy broken =
        awaitPolicy(
            ns,
            "broken",
            p -> Conditions.find(p.getStatus().conditions, Conditions.READY).isPresent());
    assertThat(condition(broken, Conditions.READY).getReason()).isEqualTo("MinAboveMax");
    harness.clock().advance(Duration.ofSeconds(1));
    policy(ns, "second", "api", 1, 10, cpuTrigger(70, 40), "");

    ScalingPolicy second =
        awaitPolicy(
            ns, "second", p -> Conditions.isTrue(p.getStatus().conditions, Conditions.READY));
    assertThat(Conditions.isTrue(second.getStatus().conditions, "Conflict")).isFalse();
  }

  @Test
  void dryRunReportsDesiredReplicasAndWritesNothing() {
    String ns = namespace();
    deployment(ns, "api", 2);
    cpuUsage(ns, "api", 2, 900, now());
    policy(
        ns,
        "api",
        "api",
        1,
        10,
        cpuTrigger(70, 40),
        """
          mode: DryRun
          spot: {eligible: true, provider: Karpenter}
        """);

    ScalingPolicy policy =
        awaitPolicy(ns, "api", p -> Integer.valueOf(4).equals(p.getStatus().desiredReplicas));
    assertThat(policy.getStatus().placement).isEqualTo("OnDemand");
    assertThat(events(ns, "DryRunScale")).isNotEmpty();
    assertThat(patchesOf("/namespaces/" + ns + "/deployments/api")).isEmpty();
  }

  @Test
  void dryRunRecordsOneEventForTheSameWouldBeScaleNotOnePerMetricValue() {
    String ns = namespace();
    deployment(ns, "api", 2);
    cpuUsage(ns, "api", 2, 900, now());
    policy(ns, "api", "api", 1, 10, cpuTrigger(70, 40), "  mode: DryRun\n");
    awaitPolicy(ns, "api", p -> Integer.valueOf(4).equals(p.getStatus().desiredReplicas));
    harness.awaitValue(() -> events(ns, "DryRunScale").size(), n -> n >= 1);

    for (int millicores : new int[] {910, 920, 930}) {
      double before =
          awaitPolicy(ns, "api", p -> !p.getStatus().metrics.isEmpty())
              .getStatus()
              .metrics
              .get(0)
              .value;
      harness.clock().advance(Duration.ofSeconds(20));
      cpuUsage(ns, "api", 2, millicores, now());
      awaitPolicy(
          ns,
          "api",
          p ->
              !p.getStatus().metrics.isEmpty()
                  && p.getStatus().metrics.get(0).value != before
                  && Integer.valueOf(4).equals(p.getStatus().desiredReplicas));
    }
    sleepOneResync();
    assertThat(events(ns, "DryRunScale"))
        .as("one event, de-duplicated, for the same would-be scale")
        .hasSize(1);
    assertThat(events(ns, "DryRunScale").get(0).getMessage())
        .doesNotContain("900")
        .doesNotContain("930");
  }

  @Test
  void recommendationsSurviveARestartSoItDoesNotScaleDownEarly() {
    String ns = namespace();
    deployment(ns, "api", 4);
    cpuUsage(ns, "api", 4, 550, now());
    policy(ns, "api", "api", 1, 10, cpuTrigger(70, 40), "");
    awaitPolicy(ns, "api", p -> p.getStatus().recommendations.size() == 1);
    harness.clock().advance(Duration.ofSeconds(60));
    cpuUsage(ns, "api", 4, 100, now());
    awaitPolicy(ns, "api", p -> p.getStatus().recommendations.size() == 2);

    harness.restartOperator();
    sleepOneResync();
    sleepOneResync();
    assertThat(replicas(ns, "api")).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "Karpenter, Preferred, '',                                    karpenter-spot-1",
    "EKS,       Required,  '',                                    eks-spot-1",
    "GKE,       Preferred, '',                                    gke-spot-l4-1",
    "AKS,       Required,  '',                                    aks-spot-1",
    "Custom,    Required,  'nodeLabels: {costguard.dev/pool: onprem-dgx}, taintKey: dgx-only', onprem-dgx-1",
    "Auto,      Preferred, '',                                    gke-spot-l4-1",
  })
  void spotPlacementIsAppliedAndRestoredExactly(
      String provider, String mode, String custom, String expectedNode) {
    String ns = namespace();
    // The L4 selector makes Auto choose GKE, the only provider with spot L4 nodes.
    String selector =
        provider.equals("Auto") ? "nvidia.com/gpu.product: NVIDIA-L4" : "kubernetes.io/arch: amd64";
    deployment(ns, "chat", 2, selector);
    var original =
        harness
            .client()
            .apps()
            .deployments()
            .inNamespace(ns)
            .withName("chat")
            .get()
            .getSpec()
            .getTemplate()
            .getSpec();
    policy(
        ns,
        "chat",
        "chat",
        1,
        4,
        "",
        "  spot: {eligible: true, provider: %s, mode: %s%s}\n"
            .formatted(provider, mode, custom.isEmpty() ? "" : ", " + custom));

    ScalingPolicy policy = awaitPolicy(ns, "chat", p -> "Spot".equals(p.getStatus().placement));
    Deployment placed =
        harness.client().apps().deployments().inNamespace(ns).withName("chat").get();
    var spec = placed.getSpec().getTemplate().getSpec();
    assertThat(placed.getMetadata().getAnnotations()).containsKey(CostguardApi.ORIGINAL_ANNOTATION);
    var pod = new io.fabric8.kubernetes.api.model.PodSpecBuilder(spec).build();
    // The scheduler sees only the nodes without the selector the test template adds.
    pod.setNodeSelector(
        new java.util.HashMap<>(
            spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector()));
    pod.getNodeSelector().remove("kubernetes.io/arch");
    assertThat(
            dev.costguard.sandbox.SandboxScheduler.nodeFor(
                pod, harness.client().nodes().list().getItems()))
        .as("the sandbox scheduler puts the pods on spot")
        .isEqualTo(expectedNode);
    assertThat(condition(policy, Conditions.READY).getMessage())
        .contains(mode.equals("Required") ? "require" : "prefer");

    int patches = patchesOf("/namespaces/" + ns + "/deployments/chat").size();
    sleepOneResync();
    assertThat(patchesOf("/namespaces/" + ns + "/deployments/chat"))
        .as("no patch while placement is unchanged")
        .hasSize(patches);

    deletePolicy(ns, "chat");
    Deployment restored =
        harness.client().apps().deployments().inNamespace(ns).withName("chat").get();
    assertThat(withoutNulls(restored.getSpec().getTemplate().getSpec()))
        .isEqualTo(withoutNulls(original));
    assertThat(restored.getMetadata().getAnnotations())
        .extracting(a -> a.get(CostguardApi.ORIGINAL_ANNOTATION))
        .isNull();
  }

  @Test
  void turningSpotOffRestoresOnlyHeldFieldsAndReportsAnInjectedOneAsDegraded() {
    String ns = namespace();
    deployment(ns, "chat", 2);
    policy(
        ns,
        "chat",
        "chat",
        1,
        4,
        "",
        "  spot: {eligible: true, provider: Karpenter, mode: Preferred}\n");
    awaitPolicy(ns, "chat", p -> "Spot".equals(p.getStatus().placement));
    // Someone who may edit the workload adds a field to the hold to have the operator write it.
    harness
        .client()
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("chat")
        .edit(
            d -> {
              String held = d.getMetadata().getAnnotations().get(CostguardApi.ORIGINAL_ANNOTATION);
              d.getMetadata()
                  .getAnnotations()
                  .put(
                      CostguardApi.ORIGINAL_ANNOTATION,
                      held.replace(
                          "\"fields\":{",
                          "\"fields\":{\"/spec/template/spec/serviceAccountName\":"
                              + "{\"original\":\"cluster-admin\",\"applied\":null},"));
              return d;
            });
    harness
        .client()
        .resources(ScalingPolicy.class)
        .inNamespace(ns)
        .withName("chat")
        .edit(
            p -> {
              p.getSpec().spot.eligible = false;
              return p;
            });

    ScalingPolicy degraded =
        awaitPolicy(
            ns,
            "chat",
            p ->
                hasCondition(
                    p, KstatusConditions.DEGRADED, "True", HoldConditions.IGNORED_ORIGINAL_FIELDS));
    assertThat(condition(degraded, KstatusConditions.DEGRADED).getMessage())
        .contains(ns + "/Deployment/chat")
        .contains("serviceAccountName");
    Deployment restored =
        harness.client().apps().deployments().inNamespace(ns).withName("chat").get();
    assertThat(restored.getSpec().getTemplate().getSpec().getServiceAccountName()).isNull();
    assertThat(restored.getSpec().getTemplate().getSpec().getTolerations()).isNullOrEmpty();
    sleepOneResync();
    assertThat(
            hasCondition(
                awaitPolicy(ns, "chat", p -> true),
                KstatusConditions.DEGRADED,
                "True",
                HoldConditions.IGNORED_ORIGINAL_FIELDS))
        .as("still reported until the policy holds something again")
        .isTrue();

    harness
        .client()
        .resources(ScalingPolicy.class)
        .inNamespace(ns)
        .withName("chat")
        .edit(
            p -> {
              p.getSpec().spot.eligible = true;
              return p;
            });
    awaitPolicy(
        ns,
        "chat",
        p ->
            "Spot".equals(p.getStatus().placement)
                && Conditions.find(p.getStatus().conditions, KstatusConditions.DEGRADED).isEmpty());
    deletePolicy(ns, "chat");
  }

  @Test
  void aPolicyReportsAnOrphanedHoldInItsNamespace() {
    String ns = namespace();
    deployment(ns, "api", 0);
    harness
        .client()
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("api")
        .edit(
            d -> {
              d.getMetadata()
                  .setAnnotations(
                      new java.util.HashMap<>(
                          Map.of(
                              CostguardApi.ORIGINAL_ANNOTATION,
                              "[{\"holder\":\"ShutdownSchedule/gone\",\"fields\":"
                                  + "{\"/spec/replicas\":{\"original\":3,\"applied\":0}}}]")));
              return d;
            });
    deployment(ns, "web", 2);
    policy(ns, "web", "web", 1, 4, "", "");

    ScalingPolicy reported =
        awaitPolicy(
            ns, "web", p -> hasCondition(p, HoldConditions.ORPHANED_HOLDS, "True", "HolderGone"));
    assertThat(condition(reported, HoldConditions.ORPHANED_HOLDS).getMessage())
        .contains(ns + "/Deployment/api held by ShutdownSchedule/gone");
    deletePolicy(ns, "web");
  }

  @Test
  void aCriticalWorkloadIsNeverMovedToSpot() {
    String ns = namespace();
    deployment(ns, "db", 1);
    harness
        .client()
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("db")
        .edit(
            d -> {
              d.getMetadata().getLabels().put(CostguardApi.CRITICAL_LABEL, "true");
              return d;
            });
    int labelled = patchesOf("/namespaces/" + ns + "/deployments/db").size();
    policy(ns, "db", "db", 1, 2, "", "  spot: {eligible: true, provider: Karpenter}\n");

    ScalingPolicy policy =
        awaitPolicy(ns, "db", p -> Conditions.isTrue(p.getStatus().conditions, Conditions.READY));
    assertThat(policy.getStatus().placement).isEqualTo("OnDemand");
    assertThat(condition(policy, Conditions.READY).getMessage()).contains("critical");
    sleepOneResync();
    assertThat(patchesOf("/namespaces/" + ns + "/deployments/db")).hasSize(labelled);
  }

  @ParameterizedTest(name = "a policy in {0} scales and places nothing")
  @CsvSource({"kube-system", "costguard-system"})
  void aPolicyInAProtectedNamespaceTouchesNothing(String ns) {
    harness.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + ns + "}\n");
    deployment(ns, "coredns", 2);
    cpuUsage(ns, "coredns", 2, 900, now());
    int before = patchesOf("/namespaces/" + ns + "/deployments/coredns").size();
    policy(
        ns,
        "coredns",
        "coredns",
        0,
        5,
        cpuTrigger(70, 40),
        "  spot: {eligible: true, provider: Karpenter}\n");

    ScalingPolicy policy =
        awaitPolicy(
            ns, "coredns", p -> hasCondition(p, Conditions.READY, "False", "ProtectedNamespace"));
    assertThat(condition(policy, Conditions.READY).getMessage())
        .contains("namespace " + ns + " is protected");
    assertThat(events(ns, "ProtectedNamespace")).isNotEmpty();
    sleepOneResync();
    assertThat(patchesOf("/namespaces/" + ns + "/deployments/coredns")).hasSize(before);
    assertThat(replicas(ns, "coredns")).isEqualTo(2);
    deletePolicy(ns, "coredns");
  }

  // --- fixtures

  static String namespace() {
    String ns = "scaling-" + NAMESPACES.incrementAndGet();
    harness.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + ns + "}\n");
    return ns;
  }

  static dev.costguard.api.v1alpha1.ShutdownSchedule shutdownSchedule(String name) {
    return harness
        .client()
        .resources(dev.costguard.api.v1alpha1.ShutdownSchedule.class)
        .withName(name)
        .get();
  }

  static Instant now() {
    return harness.clock().instant();
  }

  static void deployment(String ns, String name, int replicas) {
    deployment(ns, name, replicas, "kubernetes.io/os: linux");
  }

  static void deployment(String ns, String name, int replicas, String nodeSelector) {
    harness.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %2$s, namespace: %1$s, labels: {app: %2$s}}
        spec:
          replicas: %3$d
          selector: {matchLabels: {app: %2$s}}
          template:
            metadata: {labels: {app: %2$s}}
            spec:
              nodeSelector: {%4$s}
              containers:
                - name: app
                  image: registry.example/%2$s:1
                  resources: {requests: {cpu: "1", memory: 1Gi}}
        """
            .formatted(ns, name, replicas, nodeSelector));
  }

  /**
   * Pods {@code app-0..n-1}, running and ready for an hour (the mock runs no controllers, so the
   * test stands in for the ReplicaSet), each using {@code millicores} of their 1-core request.
   */
  static void cpuUsage(String ns, String app, int pods, int millicores, Instant at) {
    runningPods(ns, app, pods);
    for (int i = 0; i < pods; i++) {
      PodMetrics metrics =
          new PodMetricsBuilder()
              .withNewMetadata()
              .withNamespace(ns)
              .withName(app + "-" + i)
              .withLabels(Map.of("app", app))
              .endMetadata()
              .withTimestamp(at.toString())
              .addNewContainer()
              .withName("app")
              .withUsage(
                  Map.of("cpu", new Quantity(millicores + "m"), "memory", new Quantity("100Mi")))
              .endContainer()
              .build();
      harness.client().resource(metrics).createOr(NonDeletingOperation::update);
    }
  }

  /** Pods {@code app-0..n-1} of the Deployment {@code app}, running and ready for an hour. */
  static void runningPods(String ns, String app, int pods) {
    String since = now().minus(Duration.ofHours(1)).toString();
    for (int i = 0; i < pods; i++) {
      harness
          .client()
          .resource(
              new io.fabric8.kubernetes.api.model.PodBuilder()
                  .withNewMetadata()
                  .withNamespace(ns)
                  .withName(app + "-" + i)
                  .withLabels(Map.of("app", app))
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("app")
                  .withImage("registry.example/" + app + ":1")
                  .withNewResources()
                  .withRequests(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")))
                  .endResources()
                  .endContainer()
                  .endSpec()
                  .withNewStatus()
                  .withPhase("Running")
                  .withStartTime(since)
                  .addNewCondition()
                  .withType("Ready")
                  .withStatus("True")
                  .withLastTransitionTime(since)
                  .endCondition()
                  .endStatus()
                  .build())
          .createOr(NonDeletingOperation::update);
    }
  }

  static String cpuTrigger(double up, double down) {
    return """
            - type: Resource
              resource: cpu
              scaleUpAbove: %s
              scaleDownBelow: %s
        """
        .formatted(up, down);
  }

  static String prometheusTrigger(String address, String query, double up, double down) {
    return """
            - type: Prometheus
              serverAddress: %s
              query: '%s'
              scaleUpAbove: %s
              scaleDownBelow: %s
        """
        .formatted(address, query, up, down);
  }

  static void policy(
      String ns, String name, String target, int min, int max, String triggers, String extra) {
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ScalingPolicy
        metadata: {name: %s, namespace: %s}
        spec:
          targetRef: {apiVersion: apps/v1, kind: Deployment, name: %s}
          minReplicas: %d
          maxReplicas: %d
          triggers:
        %s%s"""
            .formatted(
                name, ns, target, min, max, triggers.isEmpty() ? "    []\n" : triggers, extra));
  }

  /**
   * A budget whose status the test owns: the budget reconciler's status writes are answered without
   * being stored, as if the budget package had reported this standing.
   */
  static void budgetWithStatus(
      String name, String limit, String spent, Instant periodEnd, List<Integer> activeThresholds) {
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: WorkloadBudget
        metadata: {name: %s}
        spec:
          selector: {namespaces: [x]}
          limit: {amount: %s, currency: USD}
          period: Daily
          thresholds:
            - percent: 75
              actions: [BlockScaleUp]
            - percent: 100
              actions: [ScaleToMinimum]
        """
            .formatted(name, limit));
    WorkloadBudget budget = harness.client().resources(WorkloadBudget.class).withName(name).get();
    budget.setStatus(new dev.costguard.api.v1alpha1.WorkloadBudgetStatus());
    budget.getStatus().currency = "USD";
    budget.getStatus().spent = new java.math.BigDecimal(spent);
    budget.getStatus().periodEnd = periodEnd.toString();
    budget.getStatus().activeThresholds = new java.util.ArrayList<>(activeThresholds);
    harness
        .cluster()
        .server()
        .expect()
        .put()
        .withPath("/apis/costguard.dev/v1alpha1/workloadbudgets/" + name + "/status")
        .andReturn(200, budget)
        .always();
    harness
        .client()
        .resources(WorkloadBudget.class)
        .withName(name)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("status", budget.getStatus())));
  }

  static int replicas(String ns, String name) {
    return harness
        .client()
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName(name)
        .get()
        .getSpec()
        .getReplicas();
  }

  static int awaitReplicas(String ns, String name, int expected) {
    return harness.awaitValue(() -> replicas(ns, name), r -> r == expected);
  }

  static ScalingPolicy awaitPolicy(
      String ns, String name, java.util.function.Predicate<ScalingPolicy> until) {
    return harness.awaitValue(
        () -> harness.client().resources(ScalingPolicy.class).inNamespace(ns).withName(name).get(),
        p -> p != null && p.getStatus() != null && until.test(p));
  }

  static void deletePolicy(String ns, String name) {
    harness.client().resources(ScalingPolicy.class).inNamespace(ns).withName(name).delete();
    harness.awaitValue(
        () ->
            harness.client().resources(ScalingPolicy.class).inNamespace(ns).withName(name).get()
                == null,
        gone -> gone);
  }

  static GenericKubernetesResource hpa(String ns) {
    return harness
        .client()
        .genericKubernetesResources("autoscaling/v2", "HorizontalPodAutoscaler")
        .inNamespace(ns)
        .withName("api")
        .get();
  }

  static GenericKubernetesResource scaledObject(String ns) {
    return harness
        .client()
        .genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject")
        .inNamespace(ns)
        .withName("worker")
        .get();
  }

  static int at(GenericKubernetesResource resource, String pointer) {
    return Serialization.jsonMapper().valueToTree(resource).at(pointer).asInt(-1);
  }

  static boolean hasCondition(ScalingPolicy policy, String type, String status, String reason) {
    return Conditions.find(policy.getStatus().conditions, type)
        .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
        .isPresent();
  }

  static Condition condition(ScalingPolicy policy, String type) {
    return Conditions.find(policy.getStatus().conditions, type).orElseThrow();
  }

  /** The events of a reason once there is one: an event follows the write it reports. */
  static List<Event> awaitEvents(String ns, String reason) {
    return harness.awaitValue(() -> events(ns, reason), list -> !list.isEmpty());
  }

  static List<Event> events(String ns, String reason) {
    return harness.client().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /** Bodies of every PATCH to a path ending so, e.g. {@code /namespaces/x/deployments/api}. */
  static List<String> patchesOf(String pathSuffix) {
    return harness.requests().stream()
        .filter(r -> r.method().equals("PATCH") && r.path().split("\\?")[0].endsWith(pathSuffix))
        .map(ApiRequest::body)
        .toList();
  }

  /**
   * The JSON without null values and empty lists or objects. The CRUD mock stores the nulls of a
   * merge patch instead of removing the fields, and reads an absent list back as empty.
   */
  static com.fasterxml.jackson.databind.JsonNode withoutNulls(Object value) {
    com.fasterxml.jackson.databind.JsonNode node = Serialization.jsonMapper().valueToTree(value);
    prune(node);
    return node;
  }

  private static void prune(com.fasterxml.jackson.databind.JsonNode node) {
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
      object.forEach(ScalingPolicyScenariosTest::prune);
      List<String> empty = new java.util.ArrayList<>();
      object
          .fields()
          .forEachRemaining(
              f -> {
                if (f.getValue().isNull()
                    || (f.getValue().isContainerNode() && f.getValue().isEmpty())) {
                  empty.add(f.getKey());
                }
              });
      object.remove(empty);
    } else if (node != null && node.isArray()) {
      node.forEach(ScalingPolicyScenariosTest::prune);
    }
  }

  static String scrape() {
    return harness.operator().registry().scrape();
  }

  static void sleepOneResync() {
    try {
      Thread.sleep(1500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
