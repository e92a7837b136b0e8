package dev.costguard.cluster;

import static org.awaitility.Awaitility.await;

import dev.costguard.operator.CostguardOperator;
import dev.costguard.operator.OperatorClient;
import dev.costguard.operator.OperatorConfig;
import dev.costguard.testing.MutableClock;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Costguard operator, in this JVM, against the real control plane: its own client (admin
 * credentials or a service account's token) and a clock the test moves, so a day of budget passes
 * in seconds while the Kubernetes controllers act in real time.
 */
final class ClusterOperator implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  private final Config clientConfig;
  private final OperatorConfig config;
  private final MutableClock clock;
  private KubernetesClient client;
  private CostguardOperator operator;

  ClusterOperator(Config clientConfig, OperatorConfig config, Instant start) {
    this.clientConfig = clientConfig;
    this.config = config;
    this.clock = new MutableClock(start);
  }

  static OperatorConfig testConfig() {
    return OperatorConfig.defaults().withResyncInterval(Duration.ofSeconds(1));
  }

  ClusterOperator start() {
    client = OperatorClient.withConfig(clientConfig);
    operator = new CostguardOperator(client, config, clock).start();
    return this;
  }

  void stop() {
    if (operator != null) {
      operator.close();
      client.close();
      operator = null;
    }
  }

  ClusterOperator restart() {
    stop();
    return start();
  }

  MutableClock clock() {
    return clock;
  }

  @Override
  public void close() {
    stop();
  }

  static <T> T awaitValue(Supplier<T> read, Predicate<T> until) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(read::get, until::test);
  }
}
