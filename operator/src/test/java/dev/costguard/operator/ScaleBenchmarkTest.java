package dev.costguard.operator;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.kube.Conditions;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.sandbox.Manifests;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench}: the real operator against the CRUD mock, seeded with a fleet of tier S (20
 * namespaces x 10 Deployments) and M (200 x 10, 4,000 pods, 100 nodes, 10 budgets, 100 policies, 10
 * schedules); L (1,000 x 10) with {@code -Dcostguard.bench.tiers=S,M,L}. Reports per tier: time to
 * ready and to settle, requests per minute by verb and resource at steady state (the clock runs
 * 10x, so a 60 s window is 10 clock minutes), writes in that window, reconcile time per controller,
 * heap the operator added, and the schedule flip (patches vs workloads to put to sleep, sweep
 * time).
 *
 * <p>In-process, in the forked test JVM that {@code make bench} sizes like the Helm chart (576 MiB
 * heap: the chart's 768Mi limit at the image's MaxRAMPercentage=75): the mock API server and the
 * seeded cluster share that heap, so a tier that fits here fits the chart with room to spare. Heap
 * is measured as the growth from the seeded cluster to the settled operator. Figures go to {@code
 * target/bench-results.txt}.
 */
@Tag("bench")
class ScaleBenchmarkTest {
  /** Wednesday 12:00 in Berlin: awake; the schedules sleep from 19:00. */
  private static final Instant START = Instant.parse("2026-06-10T10:00:00Z");

  private static final Instant SLEEP = Instant.parse("2026-06-10T17:00:05Z");
  private static final Duration RESYNC = Duration.ofSeconds(10);
  private static final Duration STEADY_WINDOW = Duration.ofSeconds(60);
  private static final int CLOCK_SPEED = 10;

  record Tier(
      String name,
      int namespaces,
      int deploymentsPer,
      int podsPerDeployment,
      int nodes,
      int budgets,
      int policies,
      int schedules) {}

  @Test
  void tiers() throws Exception {
    List<Tier> tiers =
        List.of(
            new Tier("S", 20, 10, 2, 10, 2, 10, 2),
            new Tier("M", 200, 10, 2, 100, 10, 100, 10),
            new Tier("L", 1_000, 10, 2, 500, 10, 100, 10));
    String wanted = System.getProperty("costguard.bench.tiers", "S,M");
    for (Tier tier : tiers) {
      if (List.of(wanted.split(",")).contains(tier.name())) {
        run(tier);
      }
    }
  }

  private void run(Tier tier) throws Exception {
    OperatorConfig config = OperatorConfig.defaults().withResyncInterval(RESYNC);
    try (OperatorHarness harness = OperatorHarness.withoutOperator(config, START)) {
      long seedStart = System.nanoTime();
      List<HasMetadata> fleet = fleet(tier);
      Manifests.apply(harness.client(), fleet);
      report(
          tier,
          "seeded %d objects in %.1f s",
          fleet.size(),
          seconds(System.nanoTime() - seedStart));
      harness.requests();
      long heapSeeded = heapAfterGc();

      long started = System.nanoTime();
      // p50 and p99 of reconcile times, over Micrometer's decaying window (about two minutes)
      harness.startOperator(
          built ->
              built
                  .registry()
                  .config()
                  .meterFilter(
                      new MeterFilter() {
                        @Override
                        public DistributionStatisticConfig configure(
                            Meter.Id id, DistributionStatisticConfig config) {
                          return id.getName().contains("reconcil")
                              ? DistributionStatisticConfig.builder()
                                  .percentiles(0.5, 0.99)
                                  .build()
                                  .merge(config)
                              : config;
                        }
                      }));
      CostguardOperator operator = harness.operator();
      while (!operator.isReady()) {
        Thread.sleep(50);
      }
      report(tier, "time to ready: %.1f s", seconds(System.nanoTime() - started));
      int primaries = tier.budgets() + tier.policies() + tier.schedules();
      while (readyPrimaries(harness) < primaries) {
        Thread.sleep(200);
      }
      report(
          tier,
          "time to settle (all %d budgets, policies, schedules Ready): %.1f s",
          primaries,
          seconds(System.nanoTime() - started));
      Thread.sleep(RESYNC.toMillis());
      int before = harness.requests().size();
      Map<String, Timer> timersBefore = snapshotTimers(operator);

      long windowStart = System.nanoTime();
      while (System.nanoTime() - windowStart < STEADY_WINDOW.toNanos()) {
        Thread.sleep(1_000);
        harness.clock().advance(Duration.ofSeconds(CLOCK_SPEED));
      }
      List<ApiRequest> steady = fromOperator(harness.requests(), before);
      double minutes = STEADY_WINDOW.toSeconds() / 60.0;
      Map<String, Long> byVerb =
          steady.stream()
              .collect(
                  Collectors.groupingBy(
                      ScaleBenchmarkTest::verbAndResource, TreeMap::new, Collectors.counting()));
      report(
          tier,
          "steady state, %d s real = %d clock minutes: %.0f requests/min",
          STEADY_WINDOW.toSeconds(),
          STEADY_WINDOW.toSeconds() * CLOCK_SPEED / 60,
          steady.size() / minutes);
      byVerb.forEach((k, v) -> report(tier, "  %-60s %8.1f /min", k, v / minutes));
      long writes = steady.stream().filter(ApiRequest::isWrite).count();
      report(
          tier,
          "writes in %d clock minutes: %d (events included: %d)",
          STEADY_WINDOW.toSeconds() * CLOCK_SPEED / 60,
          writes,
          steady.stream().filter(r -> r.isWrite() && r.path().contains("/events")).count());
      reconcileTimes(tier, operator);

      long heapSettled = heapAfterGc();
      int cached =
          operator.view().size()
              + tier.namespaces() * tier.deploymentsPer() * tier.podsPerDeployment();
      report(
          tier,
          "heap after GC: %.1f MiB seeded cluster, +%.1f MiB with the operator settled (%d cached objects in view + pods; %.2f KiB per object)",
          heapSeeded / 1048576.0,
          (heapSettled - heapSeeded) / 1048576.0,
          cached,
          (heapSettled - heapSeeded) / 1024.0 / Math.max(1, cached));

      // The schedule flip: every workload of the selected namespaces goes to sleep.
      int toSleep = (tier.namespaces() / 2) * tier.deploymentsPer();
      int flipFrom = harness.requests().size();
      long flipStart = System.nanoTime();
      harness.clock().set(SLEEP);
      while (sleepingDeployments(harness, tier) < toSleep
          && System.nanoTime() - flipStart < TimeUnit.MINUTES.toNanos(5)) {
        Thread.sleep(200);
      }
      double sweep = seconds(System.nanoTime() - flipStart);
      Thread.sleep(RESYNC.toMillis());
      List<ApiRequest> flip = fromOperator(harness.requests(), flipFrom);
      long patches =
          flip.stream()
              .filter(r -> r.method().equals("PATCH") && r.path().contains("/deployments/"))
              .count();
      report(
          tier,
          "schedule flip: %d Deployments to put to sleep, %d asleep after %.1f s; %d Deployment PATCHes, %d schedule status writes",
          toSleep,
          sleepingDeployments(harness, tier),
          sweep,
          patches,
          flip.stream()
              .filter(r -> r.isWrite() && r.path().contains("/shutdownschedules/"))
              .count());
    }
  }

  private static List<HasMetadata> fleet(Tier tier) {
    List<String> yaml = new ArrayList<>();
    yaml.add(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: PriceCatalog
        metadata: {name: bench}
        spec:
          currency: USD
          default: true
          onDemand: {cpuCoreHour: 0.031611, memoryGiBHour: 0.004237}
        """);
    for (int n = 0; n < tier.nodes(); n++) {
      yaml.add(
          """
          apiVersion: v1
          kind: Node
          metadata: {name: node-%d, labels: {node.kubernetes.io/instance-type: m5.4xlarge}}
          status: {allocatable: {cpu: "16", memory: 64Gi}, capacity: {cpu: "16", memory: 64Gi}}
          """
              .formatted(n));
    }
    for (int ns = 0; ns < tier.namespaces(); ns++) {
      yaml.add(
          """
          apiVersion: v1
          kind: Namespace
          metadata: {name: team-%d, labels: {budget-group: "g%d", schedule-group: "s%d", env: "%s"}}
          """
              .formatted(
                  ns, ns % tier.budgets(), ns % tier.schedules(), ns % 2 == 0 ? "dev" : "prod"));
      for (int d = 0; d < tier.deploymentsPer(); d++) {
        yaml.add(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app-%2$d, namespace: team-%1$d, labels: {app: app-%2$d}}
            spec:
              replicas: %3$d
              selector: {matchLabels: {app: app-%2$d}}
              template:
                metadata: {labels: {app: app-%2$d}}
                spec:
                  containers:
                    - {name: app, image: registry.example/app:1, resources: {requests: {cpu: 500m, memory: 1Gi}}}
            """
                .formatted(ns, d, tier.podsPerDeployment()));
        for (int p = 0; p < tier.podsPerDeployment(); p++) {
          yaml.add(
              """
              apiVersion: v1
              kind: Pod
              metadata: {name: app-%2$d-%3$d, namespace: team-%1$d, labels: {app: app-%2$d}}
              spec:
                nodeName: node-%4$d
                containers:
                  - {name: app, image: registry.example/app:1, resources: {requests: {cpu: 500m, memory: 1Gi}}}
              status: {phase: Running}
              """
                  .formatted(ns, d, p, (ns * 31 + d * 7 + p) % tier.nodes()));
        }
      }
    }
    for (int b = 0; b < tier.budgets(); b++) {
      yaml.add(
          """
          apiVersion: costguard.dev/v1alpha1
          kind: WorkloadBudget
          metadata: {name: budget-%1$d}
          spec:
            selector: {namespaceSelector: {matchLabels: {budget-group: "g%1$d"}}}
            limit: {amount: 100000, currency: USD}
            period: Monthly
            thresholds:
              - percent: 80
                actions: [Notify]
          """
              .formatted(b));
    }
    for (int p = 0; p < tier.policies(); p++) {
      yaml.add(
          """
          apiVersion: costguard.dev/v1alpha1
          kind: ScalingPolicy
          metadata: {name: app-0, namespace: team-%d}
          spec:
            targetRef: {apiVersion: apps/v1, kind: Deployment, name: app-0}
            minReplicas: 1
            maxReplicas: 10
            triggers:
              - {type: Resource, resource: cpu, scaleUpAbove: 70, scaleDownBelow: 40}
          """
              .formatted(p % tier.namespaces()));
    }
    for (int s = 0; s < tier.schedules(); s++) {
      yaml.add(
          """
          apiVersion: costguard.dev/v1alpha1
          kind: ShutdownSchedule
          metadata: {name: nights-%1$d}
          spec:
            namespaceSelector: {matchLabels: {schedule-group: "s%1$d", env: dev}}
            timeZone: Europe/Berlin
            sleep:
              - {days: [Mon, Tue, Wed, Thu, Fri], from: "19:00", to: "07:00"}
          """
              .formatted(s));
    }
    return yaml.stream().map(y -> (HasMetadata) Serialization.unmarshal(y)).toList();
  }

  private static int readyPrimaries(OperatorHarness harness) {
    int ready = 0;
    for (Class<? extends CustomResource<?, ?>> kind :
        List.of(WorkloadBudget.class, ScalingPolicy.class, ShutdownSchedule.class)) {
      ready +=
          (int)
              harness.client().resources(kind).inAnyNamespace().list().getItems().stream()
                  .filter(r -> r.getStatus() != null)
                  .filter(
                      r ->
                          Serialization.jsonMapper()
                              .valueToTree(r.getStatus())
                              .path("conditions")
                              .findValuesAsText("type")
                              .contains(Conditions.READY))
                  .count();
    }
    return ready;
  }

  private static int sleepingDeployments(OperatorHarness harness, Tier tier) {
    return (int)
        harness.client().apps().deployments().inAnyNamespace().list().getItems().stream()
            .filter(d -> d.getSpec().getReplicas() == 0)
            .count();
  }

  private static List<ApiRequest> fromOperator(List<ApiRequest> all, int from) {
    return all.subList(from, all.size()).stream().filter(ApiRequest::isFromOperator).toList();
  }

  /** {@code LIST apps/deployments}, {@code WATCH core/pods}, {@code PATCH apps/deployments}. */
  static String verbAndResource(ApiRequest request) {
    String path = request.path();
    String query = path.contains("?") ? path.substring(path.indexOf('?')) : "";
    String[] parts = (query.isEmpty() ? path : path.substring(0, path.indexOf('?'))).split("/");
    List<String> segments = new ArrayList<>(List.of(parts).subList(1, parts.length));
    String group = segments.get(0).equals("api") ? "core" : segments.get(1);
    segments =
        new ArrayList<>(segments.subList(segments.get(0).equals("api") ? 2 : 3, segments.size()));
    if (segments.size() >= 2 && segments.get(0).equals("namespaces") && segments.size() > 2) {
      segments = segments.subList(2, segments.size());
    }
    String resource =
        segments.isEmpty()
            ? "?"
            : segments.get(0) + (segments.size() > 2 ? "/" + segments.get(2) : "");
    boolean named = segments.size() >= 2;
    String verb =
        switch (request.method()) {
          case "GET" -> query.contains("watch=true") ? "WATCH" : named ? "GET" : "LIST";
          default -> request.method();
        };
    return verb + " " + group + "/" + resource;
  }

  private static Map<String, Timer> snapshotTimers(CostguardOperator operator) {
    return operator.registry().getMeters().stream()
        .filter(m -> m instanceof Timer)
        .collect(Collectors.toMap(m -> m.getId().toString(), m -> (Timer) m, (a, b) -> a));
  }

  private static void reconcileTimes(Tier tier, CostguardOperator operator) {
    operator.registry().getMeters().stream()
        .filter(m -> m instanceof Timer && m.getId().getName().contains("reconcil"))
        .map(m -> (Timer) m)
        .filter(t -> t.count() > 0)
        .forEach(
            t ->
                report(
                    tier,
                    "  %-90s n=%d mean %.1f ms, recent p50 %.1f ms p99 %.1f ms, max %.1f ms",
                    t.getId().getName() + t.getId().getTags(),
                    t.count(),
                    t.mean(TimeUnit.MILLISECONDS),
                    percentile(t, 0.5),
                    percentile(t, 0.99),
                    t.max(TimeUnit.MILLISECONDS)));
  }

  private static double percentile(Timer timer, double which) {
    for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
      if (v.percentile() == which) {
        return v.value(TimeUnit.MILLISECONDS);
      }
    }
    return Double.NaN;
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void report(Tier tier, String format, Object... args) {
    String line = "scale tier " + tier.name() + ": " + String.format(Locale.ROOT, format, args);
    System.out.println(line);
    try {
      Files.writeString(
          Path.of("target/bench-results.txt"),
          line + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
