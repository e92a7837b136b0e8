package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.costguard.operator.OperatorConfig;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Each kind is watched once per process: the shared cluster view holds the only informer of a kind
 * (one per watched namespace when scoped), and every capability reads it there. A second informer
 * of the same kind, say a controller watching pods for itself again, shows up here as a second
 * watch request on the same path.
 *
 * <p>One exception, known and bounded: PriceCatalog, WorkloadBudget and ScalingPolicy are each a
 * controller's primary resource, whose informer java-operator-sdk owns, and are also read across
 * capabilities through the view; they are watched twice (small objects, few of them), never more.
 */
class OneWatchPerKindTest {
  private static final Set<String> PRIMARIES_ALSO_IN_THE_VIEW =
      Set.of("pricecatalogs", "workloadbudgets", "scalingpolicies");

  @Test
  void everyKindIsWatchedOnceClusterWide() {
    Map<String, Long> watches = watchesOnceSettled(OperatorHarness.testConfig());

    assertThat(watches)
        .as("watch requests per path")
        .containsKeys(
            "/api/v1/pods",
            "/api/v1/nodes",
            "/api/v1/namespaces",
            "/apis/apps/v1/deployments",
            "/apis/costguard.dev/v1alpha1/pricecatalogs");
    assertThat(duplicates(watches)).as("paths watched more than once").isEmpty();
  }

  @Test
  void everyKindIsWatchedOncePerWatchedNamespace() {
    Map<String, Long> watches =
        watchesOnceSettled(
            OperatorHarness.testConfig().withWatchNamespaces(Set.of("team-a", "team-b")));

    assertThat(watches)
        .as("watch requests per path")
        .containsKeys(
            "/api/v1/namespaces/team-a/pods",
            "/api/v1/namespaces/team-b/pods",
            "/api/v1/nodes",
            "/api/v1/namespaces");
    assertThat(watches)
        .as("no cluster-wide pod watch when scoped")
        .doesNotContainKey("/api/v1/pods");
    assertThat(duplicates(watches)).as("paths watched more than once").isEmpty();
  }

  private static Map<String, Long> watchesOnceSettled(OperatorConfig config) {
    try (OperatorHarness harness = OperatorHarness.start(config, OperatorHarness.DEFAULT_START)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> harness.operator().isReady());
      // Informers are all watching once ready; a little longer finds any latecomer.
      await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
      return harness.requests().stream()
          .filter(ApiRequest::isFromOperator)
          .filter(r -> r.method().equals("GET") && r.path().contains("watch=true"))
          .map(r -> r.path().substring(0, r.path().indexOf('?')))
          .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }
  }

  private static List<String> duplicates(Map<String, Long> watches) {
    return watches.entrySet().stream()
        .filter(e -> e.getValue() > allowed(e.getKey()))
        .map(e -> e.getKey() + " ×" + e.getValue())
        .toList();
  }

  private static long allowed(String path) {
    return PRIMARIES_ALSO_IN_THE_VIEW.contains(path.substring(path.lastIndexOf('/') + 1)) ? 2 : 1;
  }
}
