package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.client.CustomResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watch, don't poll: once a budget, a scaling policy and a shutdown schedule have settled, their
 * reconciles (every second here) read everything from the shared cluster view. Pod metrics are not
 * watchable and are the only reads left. And as time passes with nothing a person would see change
 * (no pods run, so the budget's spend stays at zero), nothing is written.
 */
class SteadyStateRequestsTest {
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
    harness.apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: ml-inference}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: dev-a, labels: {env: dev}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: chat-inference, namespace: ml-inference, labels: {app: chat}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: chat}}
          template:
            metadata: {labels: {app: chat}}
            spec:
              containers:
                - {name: app, image: registry.example/chat:1, resources: {requests: {cpu: "1", memory: 1Gi}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: chat-inference-0, namespace: ml-inference, labels: {app: chat}}
        spec:
          containers:
            - {name: app, image: registry.example/chat:1, resources: {requests: {cpu: "1", memory: 1Gi}}}
        status:
          phase: Running
          startTime: "2026-06-10T09:00:00Z"
          conditions: [{type: Ready, status: "True", lastTransitionTime: "2026-06-10T09:00:00Z"}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: dev-a, labels: {app: web}}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
                - {name: app, image: registry.example/web:1, resources: {requests: {cpu: "1", memory: 1Gi}}}
        """);
    for (String example :
        List.of(
            "pricecatalog.yaml",
            "budget-inference-daily.yaml",
            "scalingpolicy-chat-inference.yaml",
            "shutdownschedule-dev-nights.yaml")) {
      harness.apply(Path.of("..", "examples", example));
    }
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aSettledOperatorListsAndGetsNothingItCanWatchAndWritesNothingWhileTimePasses()
      throws InterruptedException {
    awaitReady(WorkloadBudget.class, null, "inference-daily");
    awaitReady(ScalingPolicy.class, "ml-inference", "chat-inference");
    awaitReady(ShutdownSchedule.class, null, "dev-nights-and-weekends");
    Thread.sleep(2_000);
    int settled = harness.requests().size();

    for (int i = 0;
        i < 4;
        i++) { // about four resyncs of every resource, two minutes apart on the clock
      harness.clock().advance(Duration.ofSeconds(30));
      Thread.sleep(1_000);
    }

    List<ApiRequest> since =
        harness.requests().subList(settled, harness.requests().size()).stream()
            .filter(ApiRequest::isFromOperator)
            .toList();
    assertThat(since)
        .as("the reconciles ran meanwhile: they read pod metrics, which cannot be watched")
        .anyMatch(r -> r.path().startsWith("/apis/metrics.k8s.io/"));
    List<String> reads =
        since.stream()
            .filter(r -> r.method().equals("GET") && !r.path().contains("watch=true"))
            .filter(r -> !r.path().startsWith("/apis/metrics.k8s.io/"))
            .map(ApiRequest::toString)
            .toList();
    assertThat(reads).as("LIST and GET of watchable kinds while nothing changes").isEmpty();
    assertThat(since.stream().filter(ApiRequest::isWrite).map(ApiRequest::toString).toList())
        .as("writes while nothing changes")
        .isEmpty();
  }

  private static <T extends CustomResource<?, ?>> void awaitReady(
      Class<T> kind, String namespace, String name) {
    harness.awaitValue(
        () ->
            namespace == null
                ? harness.client().resources(kind).withName(name).get()
                : harness.client().resources(kind).inNamespace(namespace).withName(name).get(),
        r ->
            r != null
                && r.getStatus() != null
                && String.valueOf(r.getStatus()).length() > 0
                && readyCondition(r));
  }

  private static boolean readyCondition(CustomResource<?, ?> resource) {
    var status =
        io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
            .valueToTree(resource.getStatus());
    for (var condition : status.path("conditions")) {
      if (condition.path("type").asText().equals(Conditions.READY)) {
        return true;
      }
    }
    return false;
  }
}
