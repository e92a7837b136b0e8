package dev.costguard.rightsizing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costguard.cost.PodRequests;
import dev.costguard.cost.PricedPods;
import dev.costguard.kube.ClusterView;
import dev.costguard.metrics.ApiWindows;
import dev.costguard.metrics.HttpEndpoints.Answer;
import dev.costguard.metrics.PrometheusReader;
import dev.costguard.metrics.PrometheusReader.QueryFailed;
import dev.costguard.metrics.PrometheusReader.Sample;
import dev.costguard.rightsizing.RightsizingAdvice.Advice;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rightsizing advice for every Deployment and StatefulSet with known use, refreshed periodically:
 * pod use over a window from Prometheus (cAdvisor's {@code container_cpu_usage_seconds_total} and
 * {@code container_memory_working_set_bytes}, DCGM's {@code DCGM_FI_DEV_GPU_UTIL}), the pods and
 * their node pricing from the budget controller's caches, the rule in {@link RightsizingAdvice}.
 * Publishes {@code costguard_rightsizing_savings_per_month} and {@code
 * costguard_rightsizing_recommended_requests}, and answers {@code GET /api/v1/rightsizing}. Nothing
 * is ever applied.
 */
public final class Rightsizing {
  private static final Logger LOG = LoggerFactory.getLogger(Rightsizing.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  // %1$s is the window, %2$s the subquery resolution
  static final String CPU_P95 =
      "quantile_over_time(0.95, (sum by (namespace, pod)"
          + " (rate(container_cpu_usage_seconds_total{container!=\"\",container!=\"POD\"}[5m])))"
          + "[%1$s:%2$s])";
  static final String MEMORY_PEAK =
      "max_over_time((sum by (namespace, pod)"
          + " (container_memory_working_set_bytes{container!=\"\",container!=\"POD\"}))[%1$s:%2$s])";
  static final String GPU_P95 =
      "quantile_over_time(0.95, (avg by (namespace, pod) (DCGM_FI_DEV_GPU_UTIL))[%1$s:%2$s])";

  /** The pods of a workload with their node pricing (the budget controller's). */
  @FunctionalInterface
  public interface PodPricing {
    Optional<PricedPods> pods(String namespace, LabelSelector selector);
  }

  /** The answer as of the last refresh. */
  public record Snapshot(
      Instant asOf, String source, Duration window, String error, List<Advice> workloads) {}

  private record PodKey(String namespace, String pod) {}

  private final ClusterView view;
  private final Optional<PrometheusReader> prometheus;
  private final PodPricing pricing;
  private final Clock clock;
  private final Duration window;
  private final MultiGauge savings;
  private final MultiGauge recommended;
  private volatile Snapshot latest;

  public Rightsizing(
      ClusterView view,
      Optional<PrometheusReader> prometheus,
      PodPricing pricing,
      MeterRegistry registry,
      Clock clock,
      Duration window) {
    this.view = view;
    this.prometheus = prometheus;
    this.pricing = pricing;
    this.clock = clock;
    this.window = window;
    this.savings =
        MultiGauge.builder("costguard.rightsizing.savings.per.month")
            .description(
                "Money a month a workload would save with the recommended requests (negative:"
                    + " it needs more); advice only, never applied")
            .register(registry);
    this.recommended =
        MultiGauge.builder("costguard.rightsizing.recommended.requests")
            .description(
                "Requests per pod the workload's use over the window calls for (unit: core, byte,"
                    + " gpu)")
            .register(registry);
    this.latest = read(window, false);
  }

  public Snapshot latest() {
    return latest;
  }

  public synchronized Snapshot refresh() {
    Snapshot next = read(window, true);
    latest = next;
    publish(next.workloads());
    return next;
  }

  Snapshot read(Duration over, boolean query) {
    Instant now = clock.instant();
    if (prometheus.isEmpty()) {
      return new Snapshot(
          now, "none", over, "no Prometheus configured (--allocation-prometheus-url)", List.of());
    }
    if (!query) {
      return new Snapshot(now, "prometheus", over, "not read yet", List.of());
    }
    try {
      Map<PodKey, PodUsageWindow> usage = usage(prometheus.get(), over);
      return new Snapshot(now, "prometheus", over, null, advise(usage));
    } catch (QueryFailed e) {
      LOG.warn("usage for rightsizing not read: {}", e.getMessage());
      return new Snapshot(now, "prometheus", over, e.getMessage(), List.of());
    }
  }

  private static Map<PodKey, PodUsageWindow> usage(PrometheusReader reader, Duration over)
      throws QueryFailed {
    String w = ApiWindows.format(over);
    String step =
        over.compareTo(Duration.ofDays(1)) > 0
            ? "5m"
            : over.compareTo(Duration.ofHours(1)) > 0 ? "1m" : "15s";
    Map<PodKey, PodUsageWindow> usage = new HashMap<>();
    merge(
        usage,
        reader.query(CPU_P95.formatted(w, step)),
        (u, v) ->
            new PodUsageWindow(Math.round(v * 1000), u.memoryBytesPeak(), u.gpuUtilisationP95()));
    merge(
        usage,
        reader.query(MEMORY_PEAK.formatted(w, step)),
        (u, v) -> new PodUsageWindow(u.cpuMillicoresP95(), Math.round(v), u.gpuUtilisationP95()));
    merge(
        usage,
        reader.query(GPU_P95.formatted(w, step)),
        (u, v) -> new PodUsageWindow(u.cpuMillicoresP95(), u.memoryBytesPeak(), v / 100));
    return usage;
  }

  private static void merge(
      Map<PodKey, PodUsageWindow> usage,
      List<Sample> samples,
      BiFunction<PodUsageWindow, Double, PodUsageWindow> with) {
    for (Sample sample : samples) {
      if (sample.label("namespace").isEmpty()
          || sample.label("pod").isEmpty()
          || !Double.isFinite(sample.value())
          || sample.value() < 0) {
        continue;
      }
      PodKey key = new PodKey(sample.label("namespace"), sample.label("pod"));
      usage.put(key, with.apply(usage.getOrDefault(key, PodUsageWindow.UNKNOWN), sample.value()));
    }
  }

  private List<Advice> advise(Map<PodKey, PodUsageWindow> usage) {
    Set<String> namespaces = new TreeSet<>();
    usage.keySet().forEach(k -> namespaces.add(k.namespace()));
    List<Advice> advice = new ArrayList<>();
    for (String namespace : namespaces) {
      List<Map.Entry<HasMetadata, LabelSelector>> workloads = new ArrayList<>();
      for (Deployment d : view.deploymentsIn(namespace)) {
        workloads.add(Map.entry(d, d.getSpec() == null ? null : d.getSpec().getSelector()));
      }
      for (StatefulSet s : view.statefulSetsIn(namespace)) {
        workloads.add(Map.entry(s, s.getSpec() == null ? null : s.getSpec().getSelector()));
      }
      for (var workload : workloads) {
        if (workload.getValue() == null) {
          continue;
        }
        pricing
            .pods(namespace, workload.getValue())
            .flatMap(
                priced ->
                    RightsizingAdvice.advise(
                        namespace,
                        workload.getKey().getKind()
                            + "/"
                            + workload.getKey().getMetadata().getName(),
                        priced.currency(),
                        priced.pods().stream()
                            .map(
                                p ->
                                    new RightsizingAdvice.Pod(
                                        p.name(),
                                        p.requests(),
                                        r -> p.pricer().price(r).moneyPerHour()))
                            .toList(),
                        pod -> usage.get(new PodKey(namespace, pod))))
            .ifPresent(advice::add);
      }
    }
    advice.sort(
        Comparator.comparing(Advice::savingsPerMonth, Comparator.reverseOrder())
            .thenComparing(Advice::namespace)
            .thenComparing(Advice::workload));
    return advice;
  }

  private void publish(List<Advice> advice) {
    List<MultiGauge.Row<?>> money = new ArrayList<>();
    List<MultiGauge.Row<?>> requests = new ArrayList<>();
    for (Advice a : advice) {
      Tags workload = Tags.of("namespace", a.namespace(), "workload", a.workload());
      money.add(MultiGauge.Row.of(workload.and("currency", a.currency()), a.savingsPerMonth()));
      PodRequests r = a.recommended();
      requests.add(
          MultiGauge.Row.of(
              workload.and("resource", "cpu").and("unit", "core"), r.cpuMillicores() / 1000.0));
      requests.add(
          MultiGauge.Row.of(
              workload.and("resource", "memory").and("unit", "byte"), r.memoryBytes()));
      if (r.gpus() > 0) {
        requests.add(
            MultiGauge.Row.of(
                workload.and("resource", "nvidia.com/gpu").and("unit", "gpu"), r.gpus()));
      }
    }
    savings.register(money, true);
    recommended.register(requests, true);
  }

  /**
   * {@code GET /api/v1/rightsizing}: the last refresh, or with {@code ?window=} (10s to 7d) read
   * now over that window; 400 for any other parameter.
   */
  public Answer answer(Map<String, String> query) {
    return ApiWindows.answer(query, () -> json(latest), over -> json(read(over, true)));
  }

  static String json(Snapshot snapshot) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", "costguard.dev/v1");
    root.put("kind", "Rightsizing");
    root.put("asOf", snapshot.asOf().toString());
    root.put("source", snapshot.source());
    root.put("window", ApiWindows.format(snapshot.window()));
    root.put("applied", false);
    if (snapshot.error() != null) {
      root.put("error", snapshot.error());
    }
    ArrayNode items = root.putArray("workloads");
    for (Advice a : snapshot.workloads()) {
      ObjectNode item = items.addObject();
      item.put("namespace", a.namespace());
      item.put("workload", a.workload());
      item.put("pods", a.pods());
      item.put("action", a.action().name());
      item.set("requests", requests(a.current()));
      item.set("recommended", requests(a.recommended()));
      ObjectNode used = item.putObject("usage");
      if (a.usage().knowsCpu()) {
        used.put("cpuP95", a.usage().cpuMillicoresP95() + "m");
      }
      if (a.usage().knowsMemory()) {
        used.put("memoryPeak", mebibytes(a.usage().memoryBytesPeak()));
      }
      if (a.usage().knowsGpu()) {
        used.put("gpuUtilizationP95", a.usage().gpuUtilisationP95());
      }
      item.put("currency", a.currency());
      item.put("costPerMonth", a.currentPerMonth());
      item.put("recommendedCostPerMonth", a.recommendedPerMonth());
      item.put("savingsPerMonth", a.savingsPerMonth());
    }
    return root.toPrettyString() + "\n";
  }

  private static ObjectNode requests(PodRequests r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("cpu", r.cpuMillicores() + "m");
    node.put("memory", mebibytes(r.memoryBytes()));
    if (r.gpus() > 0) {
      node.put("nvidia.com/gpu", String.valueOf(r.gpus()));
    }
    return node;
  }

  /** A quantity as Kubernetes writes it: whole MiB as {@code Mi}, otherwise bytes. */
  private static String mebibytes(long bytes) {
    return bytes % (1L << 20) == 0 ? (bytes >> 20) + "Mi" : String.valueOf(bytes);
  }
}
