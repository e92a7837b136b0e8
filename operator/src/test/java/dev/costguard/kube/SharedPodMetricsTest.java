package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.testing.OperatorHarness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Budgets, cost metrics and every Resource trigger read pod metrics from one shared snapshot: with
 * two policies and a budget reconciling every second, metrics.k8s.io is listed once per the
 * snapshot's maximum age, not once per reconcile.
 */
class SharedPodMetricsTest {

  @Test
  void twoPoliciesAndABudgetShareOneMetricsListPerMaximumAge() throws InterruptedException {
    try (OperatorHarness harness =
        OperatorHarness.withoutOperator(
            OperatorHarness.testConfig().withPodMetricsMaxAge(Duration.ofHours(1)),
            OperatorHarness.DEFAULT_START)) {
      harness.apply(
          """
          apiVersion: v1
          kind: Namespace
          metadata: {name: ml-inference}
          """);
      for (String app : new String[] {"chat", "embed"}) {
        harness.apply(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: %1$s, namespace: ml-inference, labels: {app: %1$s}}
            spec:
              replicas: 1
              selector: {matchLabels: {app: %1$s}}
              template:
                metadata: {labels: {app: %1$s}}
                spec:
                  containers:
                    - {name: app, image: registry.example/%1$s:1, resources: {requests: {cpu: "1", memory: 1Gi}}}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: %1$s-0, namespace: ml-inference, labels: {app: %1$s}}
            spec:
              containers:
                - {name: app, image: registry.example/%1$s:1, resources: {requests: {cpu: "1", memory: 1Gi}}}
            status:
              phase: Running
              startTime: "2026-06-10T09:00:00Z"
              conditions: [{type: Ready, status: "True", lastTransitionTime: "2026-06-10T09:00:00Z"}]
            ---
            apiVersion: metrics.k8s.io/v1beta1
            kind: PodMetrics
            metadata: {name: %1$s-0, namespace: ml-inference}
            timestamp: "2026-06-10T09:59:50Z"
            window: 15s
            containers:
              - {name: app, usage: {cpu: 500m, memory: 100Mi}}
            ---
            apiVersion: costguard.dev/v1alpha1
            kind: ScalingPolicy
            metadata: {name: %1$s, namespace: ml-inference}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: %1$s}
              minReplicas: 1
              maxReplicas: 4
              triggers:
                - {type: Resource, resource: cpu, scaleUpAbove: 70, scaleDownBelow: 40}
            """
                .formatted(app));
      }
      harness.apply(Path.of("..", "examples", "budget-inference-daily.yaml"));
      harness.startOperator();

      for (String policy : new String[] {"chat", "embed"}) {
        harness.awaitValue(
            () ->
                harness
                    .client()
                    .resources(ScalingPolicy.class)
                    .inNamespace("ml-inference")
                    .withName(policy)
                    .get(),
            p ->
                p.getStatus() != null
                    && !p.getStatus().metrics.isEmpty()
                    && Double.valueOf(50.0).equals(p.getStatus().metrics.get(0).value));
      }
      harness.awaitValue(
          () -> harness.client().resources(WorkloadBudget.class).withName("inference-daily").get(),
          b -> b.getStatus() != null && b.getStatus().costPerHour != null);
      for (int i = 0; i < 3; i++) { // three more resyncs of each
        harness.clock().advance(Duration.ofSeconds(30));
        Thread.sleep(1_000);
      }

      assertThat(
              harness.requests().stream()
                  .filter(ApiRequest::isFromOperator)
                  .filter(r -> r.path().startsWith("/apis/metrics.k8s.io/"))
                  .map(ApiRequest::toString))
          .as("metrics.k8s.io requests over many reconciles of two policies and a budget")
          .hasSize(1)
          .allMatch(r -> r.startsWith("GET /apis/metrics.k8s.io/v1beta1/pods"));
    }
  }
}
