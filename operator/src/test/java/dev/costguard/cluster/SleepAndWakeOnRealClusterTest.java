package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.kube.Keda;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A namespace sleeping and waking on the real controllers: ReplicaSets remove and recreate the
 * pods, the real HPA controller stands aside at zero replicas, a CronJob is suspended, a KEDA
 * ScaledObject (KEDA's own published CRD) is paused; a person's scale-up at night is kept, and the
 * operator is restarted while the namespace sleeps.
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
class SleepAndWakeOnRealClusterTest {
  private static final String NS = "sleepy";
  private static final Instant DAY = Instant.parse("2030-06-10T10:00:00Z");
  private static final Instant NIGHT = Instant.parse("2030-06-10T21:00:00Z");
  private static final Instant MORNING = Instant.parse("2030-06-11T07:00:00Z");
  private static final ResourceDefinitionContext SCALED_OBJECTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind("ScaledObject")
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  private static ClusterOperator operator;

  @BeforeAll
  static void fleet() {
    RealCluster.installCrd(
        RealCluster.admin(),
        RealCluster.controlPlane().binaries().crds().resolve("keda.sh_scaledobjects.yaml"));
    RealCluster.ensureNode(RealCluster.node("sleepy-1", Map.of(), "64", "256Gi"));
    RealCluster.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: sleepy}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: sleepy}
        spec:
          replicas: 3
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec: {containers: [{name: api, image: api}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: notebook, namespace: sleepy}
        spec:
          replicas: 1
          selector: {matchLabels: {app: notebook}}
          template:
            metadata: {labels: {app: notebook}}
            spec: {containers: [{name: notebook, image: notebook}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: sleepy}
        spec:
          replicas: 4
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: web, resources: {requests: {cpu: 100m}}}]}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: web, namespace: sleepy}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
          minReplicas: 2
          maxReplicas: 8
          metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: worker, namespace: sleepy}
        spec:
          replicas: 3
          selector: {matchLabels: {app: worker}}
          template:
            metadata: {labels: {app: worker}}
            spec: {containers: [{name: worker, image: worker}]}
        ---
        apiVersion: keda.sh/v1alpha1
        kind: ScaledObject
        metadata: {name: worker, namespace: sleepy}
        spec:
          scaleTargetRef: {name: worker}
          minReplicaCount: 1
          maxReplicaCount: 10
          triggers: [{type: cron, metadata: {timezone: UTC, start: "0 8 * * *", end: "0 18 * * *", desiredReplicas: "3"}}]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: nightly, namespace: sleepy}
        spec:
          schedule: "0 2 * * *"
          suspend: false
          jobTemplate:
            spec:
              template:
                spec: {restartPolicy: Never, containers: [{name: eval, image: eval}]}
        """);
    RealCluster.awaitRunningPods(NS, "app=api", 3);
    RealCluster.awaitRunningPods(NS, "app=web", 4);
    operator =
        new ClusterOperator(RealCluster.operatorAccountConfig(), ClusterOperator.testConfig(), DAY)
            .start();
  }

  @AfterAll
  static void cleanUp() {
    RealCluster.admin().resources(ShutdownSchedule.class).withName("sleepy-nights").delete();
    ClusterOperator.awaitValue(
        () ->
            RealCluster.admin().resources(ShutdownSchedule.class).withName("sleepy-nights").get()
                == null,
        gone -> gone);
    operator.close();
    RealCluster.admin().namespaces().withName(NS).delete();
  }

  @Test
  void aNamespaceSleepsAndWakesKeepingAPersonsChangeAcrossAnOperatorRestart() {
    RealCluster.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ShutdownSchedule
        metadata: {name: sleepy-nights}
        spec:
          namespaces: [sleepy]
          timeZone: UTC
          sleep: [{days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], from: "20:00", to: "06:00"}]
        """);
    RealCluster.kubectl()
        .run("wait", "--for=condition=Ready", "shutdownschedule/sleepy-nights", "--timeout=60s")
        .ok();
    awaitSchedule(s -> s.getStatus() != null && "Awake".equals(s.getStatus().state));

    operator.clock().set(NIGHT);
    awaitSchedule(s -> "Asleep".equals(s.getStatus().state));
    RealCluster.awaitRunningPods(NS, "app=api", 0);
    RealCluster.awaitRunningPods(NS, "app=notebook", 0);
    RealCluster.awaitRunningPods(NS, "app=web", 0);
    assertThat(
            RealCluster.admin()
                .batch()
                .v1()
                .cronjobs()
                .inNamespace(NS)
                .withName("nightly")
                .get()
                .getSpec()
                .getSuspend())
        .isTrue();
    ClusterOperator.awaitValue(
        () -> scaledObjectAnnotations(), a -> "0".equals(a.get(Keda.PAUSED_REPLICAS_ANNOTATION)));
    assertThat(
            RealCluster.admin()
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(NS)
                .withName("web")
                .get()
                .getSpec()
                .getMinReplicas())
        .as("the HPA disables itself at zero replicas; left as it was")
        .isEqualTo(2);

    RealCluster.admin()
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("notebook")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":2}}");
    awaitSchedule(s -> s.getStatus().keptUserChanges.contains("sleepy/Deployment/notebook"));
    RealCluster.awaitRunningPods(NS, "app=notebook", 2);

    operator.stop();
    operator.clock().set(MORNING);
    operator.start();
    awaitSchedule(s -> "Awake".equals(s.getStatus().state));
    RealCluster.awaitRunningPods(NS, "app=api", 3);
    RealCluster.awaitRunningPods(NS, "app=web", 4);
    RealCluster.awaitRunningPods(NS, "app=notebook", 2);
    assertThat(deployment("notebook").getSpec().getReplicas())
        .as("the person's change is kept")
        .isEqualTo(2);
    assertThat(
            RealCluster.admin()
                .batch()
                .v1()
                .cronjobs()
                .inNamespace(NS)
                .withName("nightly")
                .get()
                .getSpec()
                .getSuspend())
        .isFalse();
    ClusterOperator.awaitValue(
        () -> scaledObjectAnnotations(),
        a ->
            !a.containsKey(Keda.PAUSED_REPLICAS_ANNOTATION)
                && !a.containsKey(CostguardApi.ORIGINAL_ANNOTATION));
    for (String name : new String[] {"api", "notebook", "web", "worker"}) {
      Map<String, String> annotations = deployment(name).getMetadata().getAnnotations();
      assertThat(annotations == null ? Map.of() : annotations)
          .as(name)
          .doesNotContainKey(CostguardApi.ORIGINAL_ANNOTATION);
    }
  }

  private static Deployment deployment(String name) {
    return RealCluster.admin().apps().deployments().inNamespace(NS).withName(name).get();
  }

  private static Map<String, String> scaledObjectAnnotations() {
    GenericKubernetesResource scaledObject =
        RealCluster.admin()
            .genericKubernetesResources(SCALED_OBJECTS)
            .inNamespace(NS)
            .withName("worker")
            .get();
    Map<String, String> annotations = scaledObject.getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  private static ShutdownSchedule awaitSchedule(Predicate<ShutdownSchedule> until) {
    return ClusterOperator.awaitValue(
        () -> RealCluster.admin().resources(ShutdownSchedule.class).withName("sleepy-nights").get(),
        s -> s != null && s.getStatus() != null && until.test(s));
  }
}
