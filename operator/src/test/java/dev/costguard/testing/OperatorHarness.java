package dev.costguard.testing;

import static org.awaitility.Awaitility.await;

import dev.costguard.operator.CostguardOperator;
import dev.costguard.operator.OperatorClient;
import dev.costguard.operator.OperatorConfig;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.MockCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * End-to-end harness: the real operator against the CRUD mock API server, with a clock the test
 * moves. Tests apply YAML, move time and wait for what a user would observe.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final Instant DEFAULT_START = Instant.parse("2026-06-10T10:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final MockCluster cluster;
  private final MutableClock clock;
  private final OperatorConfig config;
  private final List<ApiRequest> requests = new ArrayList<>();
  private CostguardOperator operator;
  private KubernetesClient operatorClient;

  private OperatorHarness(OperatorConfig config, Instant start) {
    this.cluster = MockCluster.start();
    this.clock = new MutableClock(start);
    this.config = config;
  }

  /** A cluster and an operator with test defaults: reconcile at least every second. */
  public static OperatorHarness start() {
    return start(testConfig(), DEFAULT_START);
  }

  public static OperatorHarness start(OperatorConfig config, Instant start) {
    OperatorHarness harness = new OperatorHarness(config, start);
    harness.startOperator();
    return harness;
  }

  /** A cluster only: seed it first, then call {@link #startOperator()}. */
  public static OperatorHarness withoutOperator(OperatorConfig config, Instant start) {
    return new OperatorHarness(config, start);
  }

  public static OperatorConfig testConfig() {
    // Tests change pod metrics and wait for a reaction within seconds, not metrics-server's 15.
    return OperatorConfig.defaults()
        .withResyncInterval(Duration.ofSeconds(1))
        .withPodMetricsMaxAge(Duration.ofMillis(200));
  }

  public void startOperator() {
    startOperator(operator -> {});
  }

  /** Starts the operator after {@code beforeStart} has seen it (to configure its meters, say). */
  public void startOperator(java.util.function.Consumer<CostguardOperator> beforeStart) {
    operatorClient = OperatorClient.withConfig(cluster.client().getConfiguration());
    CostguardOperator built = new CostguardOperator(operatorClient, config, clock);
    beforeStart.accept(built);
    operator = built.start();
  }

  public void stopOperator() {
    if (operator != null) {
      operator.close();
      operatorClient.close();
      operator = null;
    }
  }

  public void restartOperator() {
    stopOperator();
    startOperator();
  }

  public KubernetesClient client() {
    return cluster.client();
  }

  public MockCluster cluster() {
    return cluster;
  }

  public MutableClock clock() {
    return clock;
  }

  public CostguardOperator operator() {
    return operator;
  }

  public List<HasMetadata> apply(String yaml) {
    List<HasMetadata> objects =
        client().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    Manifests.apply(client(), objects);
    return objects;
  }

  public List<HasMetadata> apply(Path file) {
    List<HasMetadata> objects = Manifests.readFile(client(), file);
    Manifests.apply(client(), objects);
    return objects;
  }

  /** GETs a path of the operator's HTTP endpoints, e.g. {@code /readyz}. */
  public HttpResponse<String> get(String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The operator's /metrics, as Prometheus scrapes it. */
  public String metrics() {
    return get("/metrics").body();
  }

  /** Waits until {@code read} returns a value that passes {@code until}, and returns it. */
  public <T> T awaitValue(Supplier<T> read, Predicate<T> until) {
    return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(read::get, until::test);
  }

  /** Every request the API server received so far (method and path, body included). */
  public synchronized List<ApiRequest> requests() {
    List<ApiRequest> drained = cluster.drainRequests();
    requests.addAll(drained);
    OperatorRequestLog.record(drained);
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    stopOperator();
    requests();
    cluster.close();
  }
}
