package dev.costguard.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's Deployment as a platform team installs it, and the values that change it. */
class ChartDeploymentTest {

  private static final String NAME = HelmChart.RELEASE;

  private static Deployment deployment(HelmChart.Rendered rendered) {
    return rendered.one(Deployment.class, NAME);
  }

  private static Container operator(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("operator"))
        .findFirst()
        .orElseThrow();
  }

  private static Optional<EnvVar> env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  private static String envValue(Container c, String name) {
    return env(c, name)
        .map(EnvVar::getValue)
        .orElseThrow(() -> new AssertionError(name + " not set"));
  }

  @Test
  void defaultInstallRunsOneReplicaUnderThePodSecurityStandardRestricted() {
    Deployment d = deployment(HelmChart.render());
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = operator(d);

    assertThat(d.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(pod.getServiceAccountName()).isEqualTo(NAME);

    // restricted: non-root, RuntimeDefault seccomp, no escalation, no capabilities, read-only root
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);

    // the only writable place is /tmp, an emptyDir with a size limit
    assertThat(c.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getEmptyDir()).isNotNull();
              assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("64Mi"));
            });
  }

  @Test
  void probesAskTheOperatorsHealthEndpointsOnItsHttpPort() {
    Container c = operator(deployment(HelmChart.render()));

    assertThat(c.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertHttpProbe(c.getLivenessProbe(), "/healthz");
    assertHttpProbe(c.getReadinessProbe(), "/readyz");
    assertHttpProbe(c.getStartupProbe(), "/healthz");
    assertThat(envValue(c, "COSTGUARD_HTTP_PORT")).isEqualTo("8080");
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void changingTheHttpPortMovesContainerPortProbesAndEnvTogether() {
    Container c = operator(deployment(HelmChart.render("operator: {httpPort: 9090}")));

    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(9090);
    assertThat(envValue(c, "COSTGUARD_HTTP_PORT")).isEqualTo("9090");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void resourcesHaveRequestsAndLimits() {
    Container c = operator(deployment(HelmChart.render()));

    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void kubernetesWaitsLongerThanTheOperatorsOwnShutdownTimeout() {
    Deployment d = deployment(HelmChart.render());
    long grace = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    long shutdown = Long.parseLong(envValue(operator(d), "COSTGUARD_SHUTDOWN_TIMEOUT_SECONDS"));

    assertThat(grace).isGreaterThan(shutdown);
  }

  @Test
  void aGracePeriodNoLongerThanTheShutdownTimeoutIsRefused() {
    assertThatThrownBy(
            () ->
                HelmChart.render(
                    """
        terminationGracePeriodSeconds: 20
        operator: {shutdownTimeoutSeconds: 20}
        """))
        .hasMessageContaining(
            "terminationGracePeriodSeconds (20) must be larger than operator.shutdownTimeoutSeconds (20)");
  }

  @Test
  void everyOperatorSettingReachesTheContainerAsAnEnvironmentVariable() {
    Container c =
        operator(
            deployment(
                HelmChart.render(
                    """
        operator:
          watchNamespaces: [ml-prod, ml-dev]
          protectedNamespaces: [payments]
          dryRun: true
          logFormat: text
          resyncSeconds: 30
          defaultPriceCatalog: aws-eu-west-1
          teamLabel: owner
        prometheus:
          allowedUrls: [http://prometheus-operated.monitoring:9090, https://thanos.example.com]
        """)));

    assertThat(envValue(c, "COSTGUARD_WATCH_NAMESPACES")).isEqualTo("ml-prod,ml-dev");
    assertThat(envValue(c, "COSTGUARD_PROTECTED_NAMESPACES")).isEqualTo("payments");
    assertThat(envValue(c, "COSTGUARD_DRY_RUN")).isEqualTo("true");
    assertThat(envValue(c, "COSTGUARD_LOG_FORMAT")).isEqualTo("text");
    assertThat(envValue(c, "COSTGUARD_RESYNC_SECONDS")).isEqualTo("30");
    assertThat(envValue(c, "COSTGUARD_DEFAULT_PRICE_CATALOG")).isEqualTo("aws-eu-west-1");
    assertThat(envValue(c, "COSTGUARD_TEAM_LABEL")).isEqualTo("owner");
    assertThat(envValue(c, "COSTGUARD_PROMETHEUS_ALLOWED_URLS"))
        .isEqualTo("http://prometheus-operated.monitoring:9090,https://thanos.example.com");
    assertThat(
            env(c, "COSTGUARD_OPERATOR_NAMESPACE")
                .orElseThrow()
                .getValueFrom()
                .getFieldRef()
                .getFieldPath())
        .isEqualTo("metadata.namespace");
  }

  @Test
  void defaultsWatchAllNamespacesAndChangeNothingUntilConfigured() {
    Container c = operator(deployment(HelmChart.render()));

    assertThat(envValue(c, "COSTGUARD_WATCH_NAMESPACES")).isEmpty();
    assertThat(envValue(c, "COSTGUARD_PROMETHEUS_ALLOWED_URLS")).isEmpty();
    assertThat(envValue(c, "COSTGUARD_DRY_RUN")).isEqualTo("false");
    assertThat(envValue(c, "COSTGUARD_LOG_FORMAT")).isEqualTo("json");
    assertThat(env(c, "JAVA_TOOL_OPTIONS")).isEmpty();
  }

  @Test
  void leaderElectionIsOnByDefaultWithALeasePerRelease() {
    Deployment d = deployment(HelmChart.render());
    Container c = operator(d);

    assertThat(envValue(c, "COSTGUARD_LEADER_ELECTION")).isEqualTo("true");
    assertThat(envValue(c, "COSTGUARD_LEASE_NAME")).isEqualTo(NAME);
    assertThat(envValue(c, "COSTGUARD_LEASE_NAMESPACE")).isEqualTo(HelmChart.NAMESPACE);
    // a rolling update starts the new pod first; it waits for the lease
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
  }

  @Test
  void twoReplicasWithLeaderElectionRender() {
    Deployment d =
        deployment(
            HelmChart.render(
                """
        replicaCount: 2
        leaderElection: {enabled: true}
        podDisruptionBudget: {enabled: true}
        """));

    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(envValue(operator(d), "COSTGUARD_LEADER_ELECTION")).isEqualTo("true");
  }

  @Test
  void twoReplicasWithoutLeaderElectionAreRefusedWithAMessageSayingWhatToChange() {
    assertThatThrownBy(
            () ->
                HelmChart.render(
                    """
        replicaCount: 2
        leaderElection: {enabled: false}
        """))
        .hasMessageContaining("replicaCount is 2 but leaderElection.enabled is false")
        .hasMessageContaining("Set leaderElection.enabled=true or replicaCount=1");
  }

  @Test
  void withoutLeaderElectionOnePodNeverOverlapsTheNextDuringAnUpgrade() {
    Deployment d = deployment(HelmChart.render("leaderElection: {enabled: false}"));

    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(envValue(operator(d), "COSTGUARD_LEADER_ELECTION")).isEqualTo("false");
  }

  @Test
  void imageTagDefaultsToTheChartAppVersionAndADigestWins() {
    assertThat(operator(deployment(HelmChart.render())).getImage())
        .isEqualTo("ghcr.io/costguard/costguard-operator:0.2.0");
    String digest = "sha256:" + "a".repeat(64);
    assertThat(
            operator(deployment(HelmChart.render("image: {digest: \"" + digest + "\"}")))
                .getImage())
        .isEqualTo("ghcr.io/costguard/costguard-operator@" + digest);
  }

  @Test
  void metricsServiceSelectsTheOperatorPod() {
    HelmChart.Rendered r = HelmChart.render();
    Service svc = r.one(Service.class, NAME + "-metrics");
    Map<String, String> podLabels = deployment(r).getSpec().getTemplate().getMetadata().getLabels();

    assertThat(podLabels).containsAllEntriesOf(svc.getSpec().getSelector());
    assertThat(svc.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http-metrics");
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
            });
    assertThat(r.find(ServiceAccount.class, NAME)).isPresent();
  }

  @Test
  void anOptionalNetworkPolicyOpensOnlyTheHttpPortToTheListedPeers() {
    assertThat(HelmChart.render().all(NetworkPolicy.class)).isEmpty();

    HelmChart.Rendered r =
        HelmChart.render(
            """
        networkPolicy:
          enabled: true
          metricsFrom:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
        """);
    NetworkPolicy policy = r.one(NetworkPolicy.class, NAME);
    Map<String, String> podLabels = deployment(r).getSpec().getTemplate().getMetadata().getLabels();

    assertThat(podLabels).containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getPorts())
                  .singleElement()
                  .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
              assertThat(rule.getFrom())
                  .singleElement()
                  .satisfies(
                      peer ->
                          assertThat(peer.getNamespaceSelector().getMatchLabels())
                              .containsEntry("kubernetes.io/metadata.name", "monitoring"));
            });
  }

  @Test
  void theChartDeclaresTheKubernetesVersionsItsCrdsNeed() throws java.io.IOException {
    String chart = java.nio.file.Files.readString(HelmChart.chartDir().resolve("Chart.yaml"));
    assertThat(chart).containsPattern("(?m)^kubeVersion: \">=1\\.26\\.0-0\"$");
  }
}
