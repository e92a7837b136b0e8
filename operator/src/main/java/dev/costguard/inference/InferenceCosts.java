package dev.costguard.inference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costguard.inference.ServingWorkloads.PodKey;
import dev.costguard.inference.ServingWorkloads.Workload;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.LabelSelectors;
import dev.costguard.metrics.ApiWindows;
import dev.costguard.metrics.HttpEndpoints.Answer;
import dev.costguard.metrics.PrometheusReader;
import dev.costguard.metrics.PrometheusReader.QueryFailed;
import dev.costguard.metrics.PrometheusReader.Sample;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cost per token of every serving workload, refreshed periodically: reads the vLLM and TGI token
 * counters through Prometheus (by {@code namespace} and {@code pod}, the target labels a PodMonitor
 * or the usual {@code kubernetes_sd} relabelling adds), joins them with the Deployments and
 * StatefulSets of the cluster view and their cost rate, then publishes {@code
 * costguard_inference_cost_per_million_tokens} and keeps the answer for {@code GET
 * /api/v1/inference/token-cost}.
 */
public final class InferenceCosts {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceCosts.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The counters read, as PromQL over a window: {@code %s} is the window, e.g. 5m. */
  static final String VLLM_PROMPT = "sum by (namespace, pod) (rate(vllm:prompt_tokens_total[%s]))";

  static final String VLLM_GENERATED =
      "sum by (namespace, pod) (rate(vllm:generation_tokens_total[%s]))";
  // TGI keeps tokens per request as histograms; their _sum grows by each request's tokens.
  static final String TGI_PROMPT =
      "sum by (namespace, pod) (rate(tgi_request_input_length_sum[%s]))";
  static final String TGI_GENERATED =
      "sum by (namespace, pod) (rate(tgi_request_generated_tokens_sum[%s]))";

  /** The answer as of the last refresh. */
  public record Snapshot(
      Instant asOf, String source, Duration window, String error, List<TokenCost> workloads) {}

  private final ClusterView view;
  private final Optional<PrometheusReader> prometheus;
  private final WorkloadPricing pricing;
  private final Clock clock;
  private final Duration window;
  private final MultiGauge perMillion;
  private volatile Snapshot latest;

  public InferenceCosts(
      ClusterView view,
      Optional<PrometheusReader> prometheus,
      WorkloadPricing pricing,
      MeterRegistry registry,
      Clock clock,
      Duration window) {
    this.view = view;
    this.prometheus = prometheus;
    this.pricing = pricing;
    this.clock = clock;
    this.window = window;
    this.perMillion =
        MultiGauge.builder("costguard.inference.cost.per.million.tokens")
            .description(
                "Money per million tokens of a serving workload (vLLM, TGI): tokens=all counts"
                    + " prompt and generated tokens, tokens=generated only the output")
            .register(registry);
    this.latest =
        new Snapshot(
            clock.instant(),
            prometheus.isPresent() ? "prometheus" : "none",
            window,
            prometheus.isPresent()
                ? "not read yet"
                : "no Prometheus configured (--allocation-prometheus-url)",
            List.of());
  }

  public Snapshot latest() {
    return latest;
  }

  /** Reads the counters, joins, publishes. A failing Prometheus is reported, never thrown. */
  public synchronized Snapshot refresh() {
    Snapshot next = read(window);
    latest = next;
    publish(next.workloads());
    return next;
  }

  /** The cost per token over {@code over}, read now; nothing published. */
  Snapshot read(Duration over) {
    Instant now = clock.instant();
    if (prometheus.isEmpty()) {
      return new Snapshot(
          now, "none", over, "no Prometheus configured (--allocation-prometheus-url)", List.of());
    }
    try {
      Map<PodKey, TokenRates> tokens = tokenRates(prometheus.get(), over);
      return new Snapshot(
          now, "prometheus", over, null, ServingWorkloads.join(workloads(tokens), tokens));
    } catch (QueryFailed e) {
      LOG.warn("inference token counters not read: {}", e.getMessage());
      return new Snapshot(now, "prometheus", over, e.getMessage(), List.of());
    }
  }

  private static Map<PodKey, TokenRates> tokenRates(PrometheusReader reader, Duration over)
      throws QueryFailed {
    String w = ApiWindows.format(over);
    Map<PodKey, TokenRates> rates = new HashMap<>();
    add(rates, reader.query(VLLM_PROMPT.formatted(w)), (s, v) -> new TokenRates("vLLM", v, 0));
    add(rates, reader.query(VLLM_GENERATED.formatted(w)), (s, v) -> new TokenRates("vLLM", 0, v));
    add(rates, reader.query(TGI_PROMPT.formatted(w)), (s, v) -> new TokenRates("TGI", v, 0));
    add(rates, reader.query(TGI_GENERATED.formatted(w)), (s, v) -> new TokenRates("TGI", 0, v));
    return rates;
  }

  private static void add(
      Map<PodKey, TokenRates> rates,
      List<Sample> samples,
      BiFunction<Sample, Double, TokenRates> asRates) {
    for (Sample sample : samples) {
      if (sample.label("namespace").isEmpty() || sample.label("pod").isEmpty()) {
        continue; // not attributable to a pod: scraped without the target labels
      }
      rates.merge(
          new PodKey(sample.label("namespace"), sample.label("pod")),
          asRates.apply(sample, sample.value()),
          TokenRates::plus);
    }
  }

  /** The Deployments and StatefulSets of the namespaces that have token series, with their pods. */
  private List<Workload> workloads(Map<PodKey, TokenRates> tokens) {
    Set<String> namespaces = new TreeSet<>();
    tokens.keySet().forEach(k -> namespaces.add(k.namespace()));
    List<Workload> workloads = new ArrayList<>();
    for (String namespace : namespaces) {
      List<Pod> pods = view.podsIn(namespace, Map.of());
      Stream.concat(
              view.deploymentsIn(namespace).stream()
                  .map(d -> Map.entry((HasMetadata) d, selectorOf(d))),
              view.statefulSetsIn(namespace).stream()
                  .map(s -> Map.entry((HasMetadata) s, selectorOf(s))))
          .filter(e -> e.getValue() != null)
          .forEach(
              e -> {
                LabelSelector selector = e.getValue();
                Set<String> selected =
                    pods.stream()
                        .filter(p -> LabelSelectors.matches(selector, p.getMetadata().getLabels()))
                        .map(p -> p.getMetadata().getName())
                        .collect(Collectors.toSet());
                if (selected.isEmpty()) {
                  return;
                }
                pricing
                    .perHour(namespace, selector)
                    .ifPresent(
                        rate ->
                            workloads.add(
                                new Workload(
                                    namespace,
                                    e.getKey().getKind() + "/" + e.getKey().getMetadata().getName(),
                                    selected,
                                    rate.perHour(),
                                    rate.currency())));
              });
    }
    return workloads;
  }

  private static LabelSelector selectorOf(Deployment d) {
    return d.getSpec() == null ? null : d.getSpec().getSelector();
  }

  private static LabelSelector selectorOf(StatefulSet s) {
    return s.getSpec() == null ? null : s.getSpec().getSelector();
  }

  private void publish(List<TokenCost> costs) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (TokenCost cost : costs) {
      Tags tags =
          Tags.of(
              "namespace", cost.namespace(),
              "workload", cost.workload(),
              "currency", cost.currency());
      if (cost.perMillionTokens() != null) {
        rows.add(MultiGauge.Row.of(tags.and("tokens", "all"), cost.perMillionTokens()));
      }
      if (cost.perMillionGeneratedTokens() != null) {
        rows.add(
            MultiGauge.Row.of(tags.and("tokens", "generated"), cost.perMillionGeneratedTokens()));
      }
    }
    perMillion.register(rows, true);
  }

  /**
   * {@code GET /api/v1/inference/token-cost}: the last refresh, or with {@code ?window=} (a PromQL
   * duration from 10s to 7d, e.g. 1h) read now over that window; 400 for any other parameter.
   */
  public Answer answer(Map<String, String> query) {
    return ApiWindows.answer(query, () -> json(latest), over -> json(read(over)));
  }

  static String json(Snapshot snapshot) {
    ObjectNode root = JSON.createObjectNode();
    root.put("apiVersion", "costguard.dev/v1");
    root.put("kind", "TokenCost");
    root.put("asOf", snapshot.asOf().toString());
    root.put("source", snapshot.source());
    root.put("window", ApiWindows.format(snapshot.window()));
    if (snapshot.error() != null) {
      root.put("error", snapshot.error());
    }
    ArrayNode items = root.putArray("workloads");
    for (TokenCost cost : snapshot.workloads()) {
      ObjectNode item = items.addObject();
      item.put("namespace", cost.namespace());
      item.put("workload", cost.workload());
      item.put("server", cost.server());
      item.put("currency", cost.currency());
      item.put("costPerHour", cost.costPerHour());
      item.put("promptTokensPerSecond", cost.promptTokensPerSecond());
      item.put("generatedTokensPerSecond", cost.generatedTokensPerSecond());
      item.put("costPerMillionTokens", cost.perMillionTokens());
      item.put("costPerMillionGeneratedTokens", cost.perMillionGeneratedTokens());
    }
    return root.toPrettyString() + "\n";
  }
}
