package dev.costguard.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * One port for Prometheus and the kubelet: /metrics, /healthz and /readyz, on exactly those paths
 * (anything else is 404), and the read-only APIs mounted with {@link #serve}. /metrics speaks
 * OpenMetrics to a scraper that asks for it (Prometheus sends {@code Accept:
 * application/openmetrics-text;...} first) and the Prometheus text format otherwise.
 */
public final class HttpEndpoints implements AutoCloseable {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final HttpServer server;

  public HttpEndpoints(
      int port, PrometheusMeterRegistry registry, BooleanSupplier live, BooleanSupplier ready)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newFixedThreadPool(2, daemon()));
    server.createContext(
        "/metrics",
        exactly(
            "/metrics",
            exchange -> {
              String contentType =
                  wantsOpenMetrics(exchange.getRequestHeaders().getFirst("Accept"))
                      ? OPENMETRICS_TEXT
                      : PROMETHEUS_TEXT;
              respond(exchange, 200, contentType, registry.scrape(contentType));
            }));
    server.createContext("/healthz", exactly("/healthz", exchange -> probe(exchange, live)));
    server.createContext("/readyz", exactly("/readyz", exchange -> probe(exchange, ready)));
    server.start();
  }

  /**
   * Serves {@code handler} for every path under {@code prefix} (which ends with a slash), e.g. the
   * allocation API under {@code /api/v1/}; the handler answers unknown paths itself.
   */
  public void serve(String prefix, HttpHandler handler) {
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException("a prefix ends with /: " + prefix);
    }
    server.createContext(prefix, handler);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** The JDK server matches contexts by prefix: /metricsfoo and /metrics/x would answer too. */
  private static HttpHandler exactly(String path, HttpHandler handler) {
    return exchange -> {
      if (exchange.getRequestURI().getPath().equals(path)) {
        handler.handle(exchange);
      } else {
        respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
      }
    };
  }

  static boolean wantsOpenMetrics(String accept) {
    return accept != null && accept.contains("application/openmetrics-text");
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ready\n");
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "costguard-http");
      thread.setDaemon(true);
      return thread;
    };
  }
}
