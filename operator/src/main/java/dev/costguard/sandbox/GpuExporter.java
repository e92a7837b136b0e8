package dev.costguard.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Serves what NVIDIA's DCGM exporter and an inference server would: {@code DCGM_FI_DEV_GPU_UTIL}
 * per GPU of every running GPU pod (with {@code namespace}, {@code pod}, {@code gpu} and {@code
 * modelName} labels) following the fleet's utilisation curve, vLLM's token counters ({@code
 * vllm:prompt_tokens_total}, {@code vllm:generation_tokens_total}) for pods named vllm-*, growing
 * with their GPUs' utilisation, and per inference service a queue length and a request counter
 * whose rate tests and the sandbox can move.
 */
public final class GpuExporter implements AutoCloseable {
  private final KubernetesClient client;
  private final Clock clock;
  private final HttpServer server;
  private final Map<String, Double> queueLengths = new ConcurrentHashMap<>();
  private final Map<String, Double> utilisationOverrides = new ConcurrentHashMap<>();
  private final Map<String, RequestCounter> requestCounters = new ConcurrentHashMap<>();
  private final Map<String, RequestCounter> promptTokens = new ConcurrentHashMap<>();
  private final Map<String, RequestCounter> generatedTokens = new ConcurrentHashMap<>();

  /** Tokens a second a vLLM server makes per GPU at full utilisation (prompt: three times that). */
  static final double GENERATED_TOKENS_PER_GPU_SECOND = 800;

  /**
   * A counter that grows at a settable rate per (real) second, as a server's request count does.
   */
  private static final class RequestCounter {
    private double total;
    private double perSecond;
    private long lastNanos = System.nanoTime();

    synchronized double advance() {
      long now = System.nanoTime();
      total += perSecond * (now - lastNanos) / 1e9;
      lastNanos = now;
      return total;
    }

    synchronized void setRate(double rate) {
      advance();
      perSecond = rate;
    }
  }

  public GpuExporter(KubernetesClient client, Clock clock, int port) {
    this.client = client;
    this.clock = clock;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = render().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** {@code host:port} for a Prometheus scrape config. */
  public String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Sets the queue length of an inference service in a namespace. */
  public void setQueueLength(String namespace, String service, double length) {
    queueLengths.put(namespace + "/" + service, length);
  }

  /** Sets how many requests per second an inference service receives from now on. */
  public void setRequestRate(String namespace, String service, double perSecond) {
    requestCounters
        .computeIfAbsent(namespace + "/" + service, k -> new RequestCounter())
        .setRate(perSecond);
  }

  /** Pins the GPU utilisation (percent) of a workload's pods instead of following the curve. */
  public void setGpuUtilisation(String app, double percent) {
    utilisationOverrides.put(app, percent);
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        "# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).\n# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n");
    Map<String, Node> nodes =
        client.nodes().list().getItems().stream()
            .collect(Collectors.toMap(n -> n.getMetadata().getName(), Function.identity()));
    for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
      int gpus = gpusOf(pod);
      Node node =
          pod.getSpec().getNodeName() == null ? null : nodes.get(pod.getSpec().getNodeName());
      if (gpus == 0
          || node == null
          || pod.getStatus() == null
          || !"Running".equals(pod.getStatus().getPhase())) {
        continue;
      }
      String app =
          pod.getMetadata().getLabels() == null
              ? pod.getMetadata().getName()
              : pod.getMetadata().getLabels().getOrDefault("app", pod.getMetadata().getName());
      double utilisation =
          utilisationOverrides.getOrDefault(app, UtilisationCurve.at(app, clock.instant()) * 100);
      String model =
          node.getMetadata().getLabels().getOrDefault(FleetSeed.GPU_PRODUCT_LABEL, "unknown");
      for (int gpu = 0; gpu < gpus; gpu++) {
        out.append(
            String.format(
                "DCGM_FI_DEV_GPU_UTIL{gpu=\"%d\",modelName=\"%s\",Hostname=\"%s\",namespace=\"%s\",pod=\"%s\"} %.1f%n",
                gpu,
                model,
                node.getMetadata().getName(),
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                utilisation));
      }
    }
    renderTokens(out, client.pods().inAnyNamespace().list().getItems());
    out.append(
        "# HELP inference_queue_length Requests waiting in an inference server's queue.\n# TYPE inference_queue_length gauge\n");
    queueLengths.forEach(
        (key, length) -> {
          String[] parts = key.split("/", 2);
          out.append(
              String.format(
                  "inference_queue_length{namespace=\"%s\",service=\"%s\"} %.1f%n",
                  parts[0], parts[1], length));
        });
    out.append(
        "# HELP inference_requests_total Requests an inference server has received.\n# TYPE inference_requests_total counter\n");
    requestCounters.forEach(
        (key, counter) -> {
          String[] parts = key.split("/", 2);
          out.append(
              String.format(
                  "inference_requests_total{namespace=\"%s\",service=\"%s\"} %.3f%n",
                  parts[0], parts[1], counter.advance()));
        });
    return out.toString();
  }

  /** vLLM's counters for every running vllm-* pod, at a rate that follows its GPUs' utilisation. */
  private void renderTokens(StringBuilder out, java.util.List<Pod> pods) {
    StringBuilder prompt = new StringBuilder();
    StringBuilder generated = new StringBuilder();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      if (!name.startsWith("vllm")
          || gpusOf(pod) == 0
          || pod.getStatus() == null
          || !"Running".equals(pod.getStatus().getPhase())) {
        continue;
      }
      String app =
          pod.getMetadata().getLabels() == null
              ? name
              : pod.getMetadata().getLabels().getOrDefault("app", name);
      double busy =
          utilisationOverrides.getOrDefault(app, UtilisationCurve.at(app, clock.instant()) * 100)
              / 100;
      double perSecond = GENERATED_TOKENS_PER_GPU_SECOND * gpusOf(pod) * busy;
      String key = pod.getMetadata().getNamespace() + "/" + name;
      RequestCounter output = generatedTokens.computeIfAbsent(key, k -> new RequestCounter());
      RequestCounter input = promptTokens.computeIfAbsent(key, k -> new RequestCounter());
      output.setRate(perSecond);
      input.setRate(3 * perSecond);
      String labels =
          String.format(
              "model_name=\"meta-llama/Llama-3.1-8B-Instruct\",namespace=\"%s\",pod=\"%s\"",
              pod.getMetadata().getNamespace(), name);
      prompt.append(
          String.format(
              "vllm:prompt_tokens_total{%s} %.0f%n", labels, Math.floor(input.advance())));
      generated.append(
          String.format(
              "vllm:generation_tokens_total{%s} %.0f%n", labels, Math.floor(output.advance())));
    }
    out.append("# HELP vllm:prompt_tokens_total Number of prefill tokens processed.\n")
        .append("# TYPE vllm:prompt_tokens_total counter\n")
        .append(prompt)
        .append("# HELP vllm:generation_tokens_total Number of generation tokens processed.\n")
        .append("# TYPE vllm:generation_tokens_total counter\n")
        .append(generated);
  }

  private static int gpusOf(Pod pod) {
    return pod.getSpec().getContainers().stream()
        .map(
            c ->
                c.getResources() == null || c.getResources().getLimits() == null
                    ? null
                    : c.getResources().getLimits().get("nvidia.com/gpu"))
        .filter(q -> q != null)
        .mapToInt(q -> Quantity.getAmountInBytes(q).intValue())
        .sum();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
