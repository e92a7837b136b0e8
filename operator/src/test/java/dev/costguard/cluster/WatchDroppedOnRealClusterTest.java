package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ShutdownSchedule;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault scenario "a watch dropped": the operator reaches the API server through a proxy that the
 * test cuts, closing every connection (its informers' watches among them) and refusing new ones for
 * a while. During the gap a person edits the schedule to select one more namespace and creates a
 * Deployment in it, and another in the schedule's first namespace. Once the network is back the
 * informers recover on their own (relist or resumed watch) and the operator acts on what changed
 * while it was blind: at night every workload, old and new, is put to sleep.
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
class WatchDroppedOnRealClusterTest {
  private static final String NS = "watchdrop";
  private static final String NS2 = "watchdrop-2";
  private static final Instant DAY = Instant.parse("2030-06-12T10:00:00Z");
  private static final Instant NIGHT = Instant.parse("2030-06-12T21:00:00Z");

  private static CuttableProxy proxy;
  private static ClusterOperator operator;

  @BeforeAll
  static void start() {
    RealCluster.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: watchdrop}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: watchdrop}
        spec:
          replicas: 2
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec: {containers: [{name: api, image: api}]}
        """);
    Config direct = RealCluster.operatorAccountConfig();
    proxy = new CuttableProxy(URI.create(direct.getMasterUrl()).getPort());
    Config viaProxy =
        new ConfigBuilder(direct).withMasterUrl("https://127.0.0.1:" + proxy.port()).build();
    operator = new ClusterOperator(viaProxy, ClusterOperator.testConfig(), DAY).start();
  }

  @AfterAll
  static void cleanUp() {
    proxy.resume();
    RealCluster.admin().resources(ShutdownSchedule.class).withName(NS).delete();
    ClusterOperator.awaitValue(
        () -> RealCluster.admin().resources(ShutdownSchedule.class).withName(NS).get() == null,
        gone -> gone);
    operator.close();
    proxy.close();
    RealCluster.admin().namespaces().withName(NS).delete();
    RealCluster.admin().namespaces().withName(NS2).delete();
  }

  @Test
  void informersRecoverFromADroppedWatchAndActOnWhatChangedMeanwhile() throws Exception {
    RealCluster.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ShutdownSchedule
        metadata: {name: watchdrop}
        spec:
          namespaces: [watchdrop]
          timeZone: UTC
          sleep: [{days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], from: "20:00", to: "06:00"}]
        """);
    awaitSchedule(
        s -> "Awake".equals(s.getStatus().state) && s.getStatus().namespaces.equals(List.of(NS)));

    proxy.cut();
    RealCluster.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: watchdrop-2}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: late, namespace: watchdrop}
        spec:
          replicas: 2
          selector: {matchLabels: {app: late}}
          template:
            metadata: {labels: {app: late}}
            spec: {containers: [{name: late, image: late}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: watchdrop-2}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: web}]}
        ---
        apiVersion: costguard.dev/v1alpha1
        kind: ShutdownSchedule
        metadata: {name: watchdrop}
        spec:
          namespaces: [watchdrop, watchdrop-2]
          timeZone: UTC
          sleep: [{days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], from: "20:00", to: "06:00"}]
        """);
    Thread.sleep(8_000); // the operator is blind: its watches are gone, reconnects are refused
    assertThat(
            RealCluster.admin()
                .resources(ShutdownSchedule.class)
                .withName(NS)
                .get()
                .getStatus()
                .namespaces)
        .as("nothing reached the operator during the gap")
        .containsExactly(NS);

    proxy.resume();
    operator.clock().set(NIGHT);
    ShutdownSchedule asleep =
        awaitSchedule(
            s ->
                "Asleep".equals(s.getStatus().state)
                    && s.getStatus().namespaces.equals(List.of(NS, NS2))
                    && s.getStatus().sleepingWorkloads == 3);
    assertThat(asleep.getStatus().sleepingWorkloads).isEqualTo(3);
    assertThat(replicas(NS, "api")).isZero();
    assertThat(replicas(NS, "late")).as("created while the watch was down").isZero();
    assertThat(replicas(NS2, "web")).as("selected while the watch was down").isZero();
    RealCluster.awaitRunningPods(NS2, "app=web", 0);
  }

  private static int replicas(String namespace, String name) {
    Deployment deployment =
        RealCluster.admin().apps().deployments().inNamespace(namespace).withName(name).get();
    return deployment.getSpec().getReplicas();
  }

  private static ShutdownSchedule awaitSchedule(Predicate<ShutdownSchedule> until) {
    return ClusterOperator.awaitValue(
        () -> RealCluster.admin().resources(ShutdownSchedule.class).withName(NS).get(),
        s -> s != null && s.getStatus() != null && until.test(s));
  }
}
