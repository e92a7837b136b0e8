package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.chart.ChartOperatorAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two operator processes ({@code costguard run --leader-election}) under the chart's
 * ServiceAccount: one takes the Lease and acts; it is killed (SIGKILL, no chance to release
 * anything); the other takes the Lease and carries on. What the first did is neither lost nor done
 * again.
 *
 * <p>These processes run on the real clock, so the schedule's sleep window is put around now.
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
class LeaderElectionOnRealClusterTest {
  /** The chart grants get and update on its one Lease only (resourceNames). */
  private static final String LEASE = ChartOperatorAccount.leaseName();

  private static Process first;
  private static Process second;

  @AfterAll
  static void cleanUp() {
    for (String name : List.of("le-first", "le-second")) {
      RealCluster.admin().resources(ShutdownSchedule.class).withName(name).delete();
    }
    ClusterOperator.awaitValue(
        () ->
            RealCluster.admin().resources(ShutdownSchedule.class).list().getItems().stream()
                .noneMatch(s -> s.getMetadata().getName().startsWith("le-")),
        gone -> gone);
    for (Process process : new Process[] {first, second}) {
      if (process != null) {
        process.destroyForcibly();
      }
    }
    RealCluster.admin().namespaces().withName("le-one").delete();
    RealCluster.admin().namespaces().withName("le-two").delete();
  }

  @Test
  void theLeaderIsKilledAndTheOtherTakesOverWithoutLosingOrRepeatingWork() throws Exception {
    RealCluster.ensureNode(RealCluster.node("le-1", Map.of(), "64", "256Gi"));
    for (String ns : List.of("le-one", "le-two")) {
      RealCluster.apply(
          """
          apiVersion: v1
          kind: Namespace
          metadata: {name: %1$s}
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: api, namespace: %1$s}
          spec:
            replicas: 3
            selector: {matchLabels: {app: api}}
            template:
              metadata: {labels: {app: api}}
              spec: {containers: [{name: api, image: api}]}
          """
              .formatted(ns));
    }
    Path kubeconfig =
        RealCluster.controlPlane()
            .writeTokenKubeconfig(
                RealCluster.controlPlane().workDir().resolve("operator-sa.kubeconfig"),
                RealCluster.operatorAccountConfig().getOauthToken());
    first = operatorProcess("operator-a", kubeconfig);
    Lease lease =
        ClusterOperator.awaitValue(
            LeaderElectionOnRealClusterTest::lease,
            l -> l != null && "operator-a".equals(l.getSpec().getHolderIdentity()));
    second = operatorProcess("operator-b", kubeconfig);

    schedule("le-first", "le-one");
    RealCluster.awaitRunningPods("le-one", "app=api", 0);
    long generation = deployment("le-one").getMetadata().getGeneration();
    String original =
        deployment("le-one").getMetadata().getAnnotations().get(CostguardApi.ORIGINAL_ANNOTATION);

    first.destroyForcibly();
    first.waitFor();
    ClusterOperator.awaitValue(
        LeaderElectionOnRealClusterTest::lease,
        l -> l != null && "operator-b".equals(l.getSpec().getHolderIdentity()));
    schedule("le-second", "le-two");
    RealCluster.awaitRunningPods("le-two", "app=api", 0);

    Thread.sleep(3000); // a few resyncs of the new leader
    assertThat(deployment("le-one").getMetadata().getGeneration())
        .as("not slept twice")
        .isEqualTo(generation);
    assertThat(deployment("le-one").getMetadata().getAnnotations())
        .containsEntry(CostguardApi.ORIGINAL_ANNOTATION, original);

    RealCluster.admin().resources(ShutdownSchedule.class).withName("le-first").delete();
    RealCluster.awaitRunningPods("le-one", "app=api", 3);
    assertThat(deployment("le-one").getMetadata().getAnnotations())
        .doesNotContainKey(CostguardApi.ORIGINAL_ANNOTATION);
    assertThat(second.isAlive()).isTrue();
    assertThat(lease.getMetadata().getNamespace()).isEqualTo(ChartOperatorAccount.NAMESPACE);
  }

  private static Lease lease() {
    return RealCluster.admin()
        .leases()
        .inNamespace(ChartOperatorAccount.NAMESPACE)
        .withName(LEASE)
        .get();
  }

  private static Deployment deployment(String namespace) {
    return RealCluster.admin().apps().deployments().inNamespace(namespace).withName("api").get();
  }

  /** A schedule whose sleep window is around the real now (the processes use the real clock). */
  private static void schedule(String name, String namespace) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:00");
    RealCluster.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: ShutdownSchedule
        metadata: {name: %s}
        spec:
          namespaces: [%s]
          timeZone: UTC
          sleep: [{days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], from: "%s", to: "%s"}]
        """
            .formatted(
                name, namespace, now.minusHours(1).format(hhmm), now.plusHours(3).format(hhmm)));
  }

  private static Process operatorProcess(String identity, Path kubeconfig) {
    Path log = RealCluster.controlPlane().workDir().resolve("logs").resolve(identity + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.costguard.Main",
                "run",
                "--leader-election",
                "--lease-name=" + LEASE,
                "--http-port=0",
                "--resync-seconds=1")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOSTNAME", identity);
    builder.environment().put("COSTGUARD_OPERATOR_NAMESPACE", ChartOperatorAccount.NAMESPACE);
    try {
      Files.createDirectories(log.getParent());
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
