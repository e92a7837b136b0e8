package dev.costguard.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One vLLM server's /metrics as vLLM writes them: the {@code vllm:prompt_tokens_total} and {@code
 * vllm:generation_tokens_total} counters (with vLLM's {@code model_name} label), growing at fixed
 * rates per real second from start.
 */
final class VllmExporter implements AutoCloseable {
  private final HttpServer server;
  private final long startNanos = System.nanoTime();
  private final double promptPerSecond;
  private final double generatedPerSecond;

  VllmExporter(double promptPerSecond, double generatedPerSecond) {
    this.promptPerSecond = promptPerSecond;
    this.generatedPerSecond = generatedPerSecond;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private String render() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    String model = "model_name=\"meta-llama/Llama-3.1-8B-Instruct\"";
    return "# HELP vllm:num_requests_running Number of requests currently running on GPU.\n"
        + "# TYPE vllm:num_requests_running gauge\n"
        + "vllm:num_requests_running{"
        + model
        + "} 4.0\n"
        + "# HELP vllm:prompt_tokens_total Number of prefill tokens processed.\n"
        + "# TYPE vllm:prompt_tokens_total counter\n"
        + "vllm:prompt_tokens_total{"
        + model
        + "} "
        + Math.floor(promptPerSecond * seconds)
        + "\n"
        + "# HELP vllm:generation_tokens_total Number of generation tokens processed.\n"
        + "# TYPE vllm:generation_tokens_total counter\n"
        + "vllm:generation_tokens_total{"
        + model
        + "} "
        + Math.floor(generatedPerSecond * seconds)
        + "\n";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
