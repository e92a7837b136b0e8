package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.sandbox.ApiRequest;
import dev.costguard.sandbox.MockCluster;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One shared pod-metrics snapshot with a bounded age: however many readers, metrics.k8s.io is
 * listed once per maximum age (once per watched namespace when scoped), and a failure is reported
 * to readers and retried after the same age, not on every read.
 */
class PodMetricsSnapshotTest {
  private static final Duration MAX_AGE = Duration.ofSeconds(15);

  private MockCluster cluster;
  private final AtomicLong nanos = new AtomicLong();

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    sample("ml", "chat-0", "250m");
    sample("ml", "chat-1", "500m");
    sample("web", "web-0", "100m");
    cluster.drainRequests();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void manyReadersWithinTheMaximumAgeShareOneList() {
    PodMetricsSnapshot metrics = snapshot(Set.of());

    for (int reader = 0; reader < 50; reader++) {
      assertThat(metrics.current().in("ml")).containsOnlyKeys("chat-0", "chat-1");
      nanos.addAndGet(Duration.ofMillis(100).toNanos());
    }

    assertThat(metricsLists()).containsExactly("GET /apis/metrics.k8s.io/v1beta1/pods");
  }

  @Test
  void aSnapshotOlderThanTheMaximumAgeIsListedAgainAndShowsNewSamples() {
    PodMetricsSnapshot metrics = snapshot(Set.of());
    assertThat(cpu(metrics, "ml", "chat-0")).isEqualTo("250m");

    sample("ml", "chat-0", "900m");
    nanos.addAndGet(MAX_AGE.minusMillis(1).toNanos());
    assertThat(cpu(metrics, "ml", "chat-0")).as("still the first snapshot").isEqualTo("250m");

    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(cpu(metrics, "ml", "chat-0")).isEqualTo("900m");
    assertThat(metricsLists()).hasSize(2);
  }

  @Test
  void scopedToWatchedNamespacesItListsEachOfThemOncePerAge() {
    PodMetricsSnapshot metrics = snapshot(Set.of("ml", "web"));

    metrics.current();
    metrics.current();

    assertThat(metricsLists())
        .containsExactly(
            "GET /apis/metrics.k8s.io/v1beta1/namespaces/ml/pods",
            "GET /apis/metrics.k8s.io/v1beta1/namespaces/web/pods");
    assertThat(metrics.current().in("web")).containsOnlyKeys("web-0");
  }

  @Test
  void anUnavailableMetricsApiIsReportedAndRetriedOnlyAfterTheMaximumAge() {
    // Not installed: 404 (a 5xx would be retried by the client itself).
    cluster.failRequests(r -> r.path().startsWith("/apis/metrics.k8s.io/"), 404, 100);
    PodMetricsSnapshot metrics = snapshot(Set.of());

    assertThat(metrics.current().unavailable()).isNotBlank();
    assertThat(metrics.current().in("ml")).isEmpty();
    assertThat(metricsLists()).hasSize(1);

    cluster.clearFailures();
    nanos.addAndGet(MAX_AGE.toNanos());
    assertThat(metrics.current().unavailable()).isNull();
    assertThat(metrics.current().in("ml")).hasSize(2);
    assertThat(metricsLists()).as("one more list, since the last look").hasSize(1);
  }

  private PodMetricsSnapshot snapshot(Set<String> watchNamespaces) {
    return new PodMetricsSnapshot(cluster.client(), watchNamespaces, MAX_AGE, nanos::get);
  }

  private static String cpu(PodMetricsSnapshot metrics, String namespace, String pod) {
    return metrics
        .current()
        .of(namespace, pod)
        .orElseThrow()
        .getContainers()
        .get(0)
        .getUsage()
        .get("cpu")
        .toString();
  }

  private List<String> metricsLists() {
    return cluster.drainRequests().stream()
        .filter(r -> r.method().equals("GET") && r.path().startsWith("/apis/metrics.k8s.io/"))
        .map(ApiRequest::toString)
        .map(r -> r.contains("?") ? r.substring(0, r.indexOf('?')) : r)
        .filter(r -> r.endsWith("/pods"))
        .toList();
  }

  private void sample(String namespace, String pod, String cpu) {
    cluster
        .client()
        .resource(
            new PodMetricsBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(pod)
                .endMetadata()
                .withTimestamp("2026-06-10T10:00:00Z")
                .addNewContainer()
                .withName("app")
                .withUsage(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("100Mi")))
                .endContainer()
                .build())
        .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
  }
}
