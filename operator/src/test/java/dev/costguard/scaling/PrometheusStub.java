package dev.costguard.scaling;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A real HTTP server answering the Prometheus instant-query API with values the test sets. Its
 * clock is the wall clock, as a real Prometheus's is (answers carry it in {@code Date}), and so
 * apart from the tests' operator clock.
 */
final class PrometheusStub implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Supplier<String>> answers = new ConcurrentHashMap<>();
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
          byte[] body =
              answers
                  .getOrDefault(query, PrometheusStub::vector)
                  .get()
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange
              .getResponseHeaders()
              .set(
                  "Date",
                  DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
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
    answers.put(query, () -> body);
  }

  /**
   * Answers a vector stamped at the moment of each answer on the stub's (wall) clock, as Prometheus
   * stamps an instant query's result with its evaluation time.
   */
  void answerLive(String query, double... values) {
    answers.put(query, () -> vector(Instant.now(), values));
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
