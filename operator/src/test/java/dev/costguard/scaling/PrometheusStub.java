package dev.costguard.scaling;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A real HTTP server answering the Prometheus instant-query API with values the test sets. */
final class PrometheusStub implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();

  PrometheusStub() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/api/v1/query",
        exchange -> {
          String rawQuery = exchange.getRequestURI().getRawQuery();
          String query =
              URLDecoder.decode(
                  rawQuery.substring(rawQuery.indexOf("query=") + 6), StandardCharsets.UTF_8);
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          if (auth != null) {
            lastAuthorization.put(query, auth);
          }
          byte[] body = answers.getOrDefault(query, vector()).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void answer(String query, String body) {
    answers.put(query, body);
  }

  /** A vector of one series per value, all sampled at {@code at}. */
  static String vector(Instant at, double... values) {
    StringBuilder result = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      result
          .append(i == 0 ? "" : ",")
          .append("{\"metric\":{\"gpu\":\"")
          .append(i)
          .append("\"},\"value\":[")
          .append(at.toEpochMilli() / 1000.0)
          .append(",\"")
          .append(values[i])
          .append("\"]}");
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + result
        + "]}}";
  }

  static String vector() {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
