package dev.costguard.budget;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A small fleet for budget scenarios: namespace {@code ml} with one 10-core training pod on an
 * on-demand node, priced at 1 USD per core-hour (so 10 USD per hour), and the workloads a budget
 * acts on: Deployment {@code api} (4 replicas), Deployment {@code web} driven by an HPA (6 of
 * 2..10), CronJob {@code nightly}, running Job {@code backfill}, and Deployment {@code db} labelled
 * critical.
 */
final class BudgetFleet {
  static final String CATALOG =
      """
      apiVersion: costguard.dev/v1alpha1
      kind: PriceCatalog
      metadata: {name: test-usd}
      spec: {currency: USD, default: true, onDemand: {cpuCoreHour: 1, memoryGiBHour: 0}}
      """;

  static final String CLUSTER =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: ml, labels: {team: ml}}
      ---
      apiVersion: v1
      kind: Node
      metadata: {name: od-1, labels: {karpenter.sh/capacity-type: on-demand}}
      status: {allocatable: {cpu: "64", memory: 256Gi}}
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: trainer-0, namespace: ml, labels: {app: trainer}}
      spec:
        nodeName: od-1
        containers: [{name: main, image: trainer, resources: {requests: {cpu: "10"}}}]
      status: {phase: Running}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: api, namespace: ml}
      spec:
        replicas: 4
        selector: {matchLabels: {app: api}}
        template:
          metadata: {labels: {app: api}}
          spec: {containers: [{name: api, image: api}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: ml}
      spec:
        replicas: 6
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: web}]}
      ---
      apiVersion: autoscaling/v2
      kind: HorizontalPodAutoscaler
      metadata: {name: web, namespace: ml}
      spec:
        scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
        minReplicas: 2
        maxReplicas: 10
      ---
      apiVersion: batch/v1
      kind: CronJob
      metadata: {name: nightly, namespace: ml}
      spec:
        schedule: "0 2 * * *"
        suspend: false
        jobTemplate:
          spec:
            template:
              metadata: {labels: {app: nightly}}
              spec: {restartPolicy: Never, containers: [{name: eval, image: eval}]}
      ---
      apiVersion: batch/v1
      kind: Job
      metadata: {name: backfill, namespace: ml}
      spec:
        template:
          metadata: {labels: {app: backfill}}
          spec: {restartPolicy: Never, containers: [{name: backfill, image: backfill}]}
      status: {active: 1}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: db, namespace: ml, labels: {costguard.dev/critical: "true"}}
      spec:
        replicas: 2
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec: {containers: [{name: db, image: db}]}
      """;

  /** 100 USD a day for namespace ml, with every action at its own threshold. */
  static final String LADDER_BUDGET =
      """
      apiVersion: costguard.dev/v1alpha1
      kind: WorkloadBudget
      metadata: {name: ml-daily}
      spec:
        selector: {namespaces: [ml]}
        limit: {amount: 100, currency: USD}
        period: Daily
        timeZone: UTC
        thresholds:
          - {percent: 50, actions: [Notify]}
          - {percent: 60, actions: [BlockScaleUp]}
          - {percent: 70, actions: [ScaleToMinimum]}
          - {percent: 80, actions: [Suspend]}
      """;

  private final OperatorHarness harness;

  BudgetFleet(OperatorHarness harness) {
    this.harness = harness;
  }

  static BudgetFleet seeded(OperatorHarness harness) {
    harness.apply(CATALOG);
    harness.apply(CLUSTER);
    return new BudgetFleet(harness);
  }

  WorkloadBudget budget(String name) {
    return harness.client().resources(WorkloadBudget.class).withName(name).get();
  }

  WorkloadBudgetStatus awaitStatus(String name, Predicate<WorkloadBudgetStatus> until) {
    return harness.awaitValue(
        () -> {
          WorkloadBudget budget = budget(name);
          return budget == null ? null : budget.getStatus();
        },
        status -> status != null && until.test(status));
  }

  Deployment deployment(String name) {
    return harness.client().apps().deployments().inNamespace("ml").withName(name).get();
  }

  HorizontalPodAutoscaler hpa(String name) {
    return harness
        .client()
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace("ml")
        .withName(name)
        .get();
  }

  io.fabric8.kubernetes.api.model.batch.v1.Job job(String name) {
    return harness.client().batch().v1().jobs().inNamespace("ml").withName(name).get();
  }

  CronJob cronJob(String name) {
    return harness.client().batch().v1().cronjobs().inNamespace("ml").withName(name).get();
  }

  /** The original-state annotation; the mock keeps a removed annotation as a null value. */
  static String originalOf(HasMetadata workload) {
    Map<String, String> annotations = workload.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(CostguardApi.ORIGINAL_ANNOTATION);
  }

  /** Writes to one workload so far: PATCH, PUT or DELETE on its path. */
  long writesTo(String resourcePath) {
    return harness.requests().stream()
        .filter(ApiRequest::isWrite)
        .filter(
            r ->
                r.path().startsWith(resourcePath) && !r.path().startsWith(resourcePath + "/status"))
        .filter(r -> !r.method().equals("POST"))
        .count();
  }
}
