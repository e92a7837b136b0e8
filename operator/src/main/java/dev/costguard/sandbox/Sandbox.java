package dev.costguard.sandbox;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.operator.CostguardOperator;
import dev.costguard.operator.OperatorClient;
import dev.costguard.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
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

  private final MockCluster cluster;
  private final KubernetesClient operatorClient;
  private final CostguardOperator operator;
  private final ScheduledExecutorService loop;
  private final Path kubeconfig;
  private final GpuExporter gpuExporter;
  private final PrometheusServer prometheus;

  public Sandbox(SandboxSettings settings) {
    this.cluster = MockCluster.start(settings.apiPort());
    this.kubeconfig = writeKubeconfig(settings.stateDir(), cluster.url());
    Manifests.apply(cluster.client(), FleetSeed.objects());
    Manifests.apply(cluster.client(), withPrometheusAt(
        Manifests.read(cluster.client(), settings.examples()), prometheusUrl(settings.prometheusPort())));
    ScaledClock clock = new ScaledClock(settings.start(), settings.timeScale());
    FleetSimulator fleet = new FleetSimulator(cluster.client(), clock);
    fleet.step();
    this.gpuExporter = new GpuExporter(cluster.client(), clock, settings.gpuExporterPort());
    OperatorConfig config = OperatorConfig.defaults()
        .withHttpPort(settings.httpPort())
        .withResyncInterval(settings.resyncInterval())
        .withPrometheusAllowedUrls(List.of(prometheusUrl(settings.prometheusPort())));
    this.operatorClient = OperatorClient.withConfig(cluster.client().getConfiguration());
    this.operator = new CostguardOperator(operatorClient, config, clock, clock).start();
    this.prometheus = !settings.startPrometheus() || PrometheusServer.binary().isEmpty() ? null : PrometheusServer.start(
        settings.prometheusPort(),
        Map.of("costguard", List.of("127.0.0.1:" + operator.httpPort()), "dcgm", List.of(gpuExporter.target())),
        Duration.ofSeconds(5));
    SandboxSummary summary = new SandboxSummary(cluster.client(), clock);
    this.loop = Executors.newScheduledThreadPool(1, r -> {
      Thread thread = new Thread(r, "sandbox");
      thread.setDaemon(true);
      return thread;
    });
    loop.scheduleWithFixedDelay(() -> runSafely(() -> {
      fleet.step();
      // The mock server keeps every request until taken; the sandbox has no use for them.
      cluster.drainRequests();
    }), 2, 2, TimeUnit.SECONDS);
    loop.scheduleWithFixedDelay(() -> runSafely(() -> System.out.println(summary.render())),
        settings.summaryInterval().toMillis(), settings.summaryInterval().toMillis(), TimeUnit.MILLISECONDS);
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
   * The examples with their Prometheus triggers pointed at the sandbox's Prometheus, so that
   * {@code --prometheus-port} moves the GPU example along with the server. Other addresses stay.
   */
  @SuppressWarnings("unchecked")
  static List<HasMetadata> withPrometheusAt(List<HasMetadata> objects, String url) {
    for (HasMetadata object : objects) {
      if (object instanceof ScalingPolicy policy && policy.getSpec() != null && policy.getSpec().triggers != null) {
        policy.getSpec().triggers.stream()
            .filter(trigger -> EXAMPLE_PROMETHEUS.equals(trigger.serverAddress))
            .forEach(trigger -> trigger.serverAddress = url);
      } else if (object instanceof GenericKubernetesResource generic && "ScalingPolicy".equals(generic.getKind())
          && generic.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
          && spec.get("triggers") instanceof List<?> triggers) {
        triggers.stream().filter(Map.class::isInstance).map(t -> (Map<String, Object>) t)
            .filter(trigger -> EXAMPLE_PROMETHEUS.equals(trigger.get("serverAddress")))
            .forEach(trigger -> trigger.put("serverAddress", url));
      }
    }
    return objects;
  }


  public MockCluster cluster() {
    return cluster;
  }

  private static void runSafely(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("sandbox step failed: {}", e.toString());
    }
  }

  private static Path writeKubeconfig(Path stateDir, String url) {
    Config config = new ConfigBuilder()
        .withApiVersion("v1").withKind("Config").withCurrentContext("costguard-sandbox")
        .addToClusters(new NamedClusterBuilder().withName("costguard-sandbox")
            .withNewCluster().withServer(url.replaceAll("/$", "")).endCluster().build())
        .addToUsers(new NamedAuthInfoBuilder().withName("sandbox-admin")
            .withNewUser().withToken("sandbox").endUser().build())
        .addToContexts(new NamedContextBuilder().withName("costguard-sandbox")
            .withNewContext().withCluster("costguard-sandbox").withUser("sandbox-admin").withNamespace("default").endContext().build())
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
    cluster.close();
  }
}
