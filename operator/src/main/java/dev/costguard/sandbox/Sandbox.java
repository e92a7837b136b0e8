package dev.costguard.sandbox;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.operator.CostguardOperator;
import dev.costguard.operator.OperatorClient;
import dev.costguard.operator.OperatorConfig;
import dev.costguard.sandbox.controlplane.ControlPlane;
import dev.costguard.sandbox.controlplane.ControlPlaneBinaries;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Costguard with a cluster of its own: the mock API server, the simulated fleet, the examples, a
 * fast clock, and the real operator reconciling all of it.
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  /** The embedded mock API server, or null on the real control plane. */
  private final MockCluster cluster;

  /** The real control plane, or null with the embedded one. */
  private final ControlPlane realPlane;

  private final KubernetesClient client;
  private final KubernetesClient operatorClient;
  private final CostguardOperator operator;
  private final ScheduledExecutorService loop;
  private final Path kubeconfig;
  private final GpuExporter gpuExporter;
  private final PrometheusServer prometheus;

  public Sandbox(SandboxSettings settings) {
    boolean real = settings.controlPlane() == SandboxSettings.ControlPlaneMode.real;
    if (real) {
      this.cluster = null;
      this.realPlane =
          ControlPlane.start(
              ControlPlaneBinaries.require(), settings.stateDir().resolve("controlplane"));
      this.client = realPlane.adminClient();
      this.kubeconfig = copyKubeconfig(realPlane.kubeconfig(), settings.stateDir());
      installCrds(client);
    } else {
      this.realPlane = null;
      this.cluster = MockCluster.start(settings.apiPort());
      this.client = cluster.client();
      this.kubeconfig = writeKubeconfig(settings.stateDir(), cluster.url());
    }
    // On the real control plane kwok plays the nodes' kubelets; the controllers and the scheduler
    // do what FleetSimulator does for the mock.
    Manifests.apply(
        client,
        real ? FleetSeed.objects().stream().map(Sandbox::forKwok).toList() : FleetSeed.objects());
    Manifests.apply(
        client,
        withPrometheusAt(
            Manifests.read(client, settings.examples()), prometheusUrl(settings.prometheusPort())));
    ScaledClock clock = new ScaledClock(settings.start(), settings.timeScale());
    FleetSimulator fleet = real ? null : new FleetSimulator(client, clock);
    if (fleet != null) {
      fleet.step();
    }
    this.gpuExporter = new GpuExporter(client, clock, settings.gpuExporterPort());
    OperatorConfig config =
        OperatorConfig.defaults()
            .withHttpPort(settings.httpPort())
            .withResyncInterval(settings.resyncInterval())
            .withPrometheusAllowedUrls(List.of(prometheusUrl(settings.prometheusPort())));
    if (settings.startPrometheus() && PrometheusServer.binary().isPresent()) {
      // cost per token and rightsizing read the sandbox Prometheus, as they would a cluster's
      config = config.withAllocationPrometheusUrl(prometheusUrl(settings.prometheusPort()));
    }
    this.operatorClient = OperatorClient.withConfig(client.getConfiguration());
    this.operator = new CostguardOperator(operatorClient, config, clock, clock).start();
    this.prometheus =
        !settings.startPrometheus() || PrometheusServer.binary().isEmpty()
            ? null
            : PrometheusServer.start(
                settings.prometheusPort(),
                Map.of(
                    "costguard",
                    List.of("127.0.0.1:" + operator.httpPort()),
                    "dcgm",
                    List.of(gpuExporter.target())),
                Duration.ofSeconds(5));
    SandboxSummary summary = new SandboxSummary(client, clock);
    this.loop =
        Executors.newScheduledThreadPool(
            1,
            r -> {
              Thread thread = new Thread(r, "sandbox");
              thread.setDaemon(true);
              return thread;
            });
    if (fleet != null) {
      loop.scheduleWithFixedDelay(
          () ->
              runSafely(
                  () -> {
                    fleet.step();
                    // The mock server keeps every request until taken; the sandbox has no use for
                    // them.
                    cluster.drainRequests();
                  }),
          2,
          2,
          TimeUnit.SECONDS);
    }
    loop.scheduleWithFixedDelay(
        () -> runSafely(() -> System.out.println(summary.render())),
        settings.summaryInterval().toMillis(),
        settings.summaryInterval().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public String metricsUrl() {
    return "http://127.0.0.1:" + operator.httpPort() + "/metrics";
  }

  /** The sandbox Prometheus, when the prometheus package is installed. */
  public Optional<String> prometheusUrl() {
    return Optional.ofNullable(prometheus).map(PrometheusServer::url);
  }

  /** The address example policies use for the sandbox Prometheus. */
  public static String prometheusUrl(int port) {
    return "http://127.0.0.1:" + port;
  }

  /** Where the examples expect the sandbox Prometheus (examples/scalingpolicy-vllm-gpu.yaml). */
  static final String EXAMPLE_PROMETHEUS = prometheusUrl(19090);

  /**
   * The examples with their Prometheus triggers pointed at the sandbox's Prometheus, so that {@code
   * --prometheus-port} moves the GPU example along with the server. Other addresses stay.
   */
  @SuppressWarnings("unchecked")
  static List<HasMetadata> withPrometheusAt(List<HasMetadata> objects, String url) {
    for (HasMetadata object : objects) {
      if (object instanceof ScalingPolicy policy
          && policy.getSpec() != null
          && policy.getSpec().triggers != null) {
        policy.getSpec().triggers.stream()
            .filter(trigger -> EXAMPLE_PROMETHEUS.equals(trigger.serverAddress))
            .forEach(trigger -> trigger.serverAddress = url);
      } else if (object instanceof GenericKubernetesResource generic
          && "ScalingPolicy".equals(generic.getKind())
          && generic.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
          && spec.get("triggers") instanceof List<?> triggers) {
        triggers.stream()
            .filter(Map.class::isInstance)
            .map(t -> (Map<String, Object>) t)
            .filter(trigger -> EXAMPLE_PROMETHEUS.equals(trigger.get("serverAddress")))
            .forEach(trigger -> trigger.put("serverAddress", url));
      }
    }
    return objects;
  }

  /** The embedded mock API server; absent on the real control plane. */
  public MockCluster cluster() {
    return cluster;
  }

  /** A node of the seed fleet handed to kwok, which makes it Ready and runs its pods. */
  private static HasMetadata forKwok(HasMetadata object) {
    if (object instanceof Node node) {
      Map<String, String> annotations =
          new java.util.LinkedHashMap<>(
              node.getMetadata().getAnnotations() == null
                  ? Map.of()
                  : node.getMetadata().getAnnotations());
      annotations.put(ControlPlane.KWOK_NODE_ANNOTATION, "fake");
      node.getMetadata().setAnnotations(annotations);
    }
    return object;
  }

  private static void installCrds(KubernetesClient client) {
    for (CustomResourceDefinition crd : CustomResourceDefinitions.all()) {
      client.resource(crd).forceConflicts().serverSideApply();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c != null
                      && c.getStatus() != null
                      && c.getStatus().getConditions() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              cond ->
                                  "Established".equals(cond.getType())
                                      && "True".equals(cond.getStatus())),
              60,
              TimeUnit.SECONDS);
    }
  }

  private static Path copyKubeconfig(Path kubeconfig, Path stateDir) {
    try {
      Files.createDirectories(stateDir);
      Path file = stateDir.resolve("kubeconfig").toAbsolutePath();
      Files.copy(kubeconfig, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sandbox kubeconfig", e);
    }
  }

  private static void runSafely(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("sandbox step failed: {}", e.toString());
    }
  }

  private static Path writeKubeconfig(Path stateDir, String url) {
    Config config =
        new ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .withCurrentContext("costguard-sandbox")
            .addToClusters(
                new NamedClusterBuilder()
                    .withName("costguard-sandbox")
                    .withNewCluster()
                    .withServer(url.replaceAll("/$", ""))
                    .endCluster()
                    .build())
            .addToUsers(
                new NamedAuthInfoBuilder()
                    .withName("sandbox-admin")
                    .withNewUser()
                    .withToken("sandbox")
                    .endUser()
                    .build())
            .addToContexts(
                new NamedContextBuilder()
                    .withName("costguard-sandbox")
                    .withNewContext()
                    .withCluster("costguard-sandbox")
                    .withUser("sandbox-admin")
                    .withNamespace("default")
                    .endContext()
                    .build())
            .build();
    try {
      Files.createDirectories(stateDir);
      Path file = stateDir.resolve("kubeconfig").toAbsolutePath();
      Files.writeString(file, Serialization.asYaml(config));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sandbox kubeconfig", e);
    }
  }

  @Override
  public void close() {
    loop.shutdownNow();
    if (prometheus != null) {
      prometheus.close();
    }
    gpuExporter.close();
    operator.close();
    operatorClient.close();
    if (cluster != null) {
      cluster.close();
    } else {
      client.close();
      realPlane.close();
    }
  }
}
