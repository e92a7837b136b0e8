package dev.costguard.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instant vector queries against the one Prometheus the operator is configured with ({@code
 * --allocation-prometheus-url}), for history the operator does not keep itself: token counters,
 * usage over a window. Scaling triggers name their own Prometheus and go through {@code
 * scaling.PrometheusQueries} and its allow-list instead.
 */
public final class PrometheusReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * One series of an instant vector: its labels and its value (NaN and ±Inf as Prometheus said).
   */
  public record Sample(Map<String, String> labels, double value) {
    public Sample {
      labels = Map.copyOf(labels);
    }

    public String label(String name) {
      return labels.getOrDefault(name, "");
    }
  }

  /** Prometheus could not answer: unreachable, an error status, or a body that is not its API. */
  public static final class QueryFailed extends Exception {
    public QueryFailed(String message) {
      super(message);
    }
  }

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private PrometheusReader(String baseUrl) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  /** A reader of {@code baseUrl}, or none when it is empty. */
  public static Optional<PrometheusReader> of(String baseUrl) {
    if (baseUrl == null || baseUrl.isBlank()) {
      return Optional.empty();
    }
    URI uri = URI.create(baseUrl.trim());
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "the Prometheus URL " + baseUrl + " is not http(s)://host[:port][/path]");
    }
    return Optional.of(new PrometheusReader(baseUrl.trim()));
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The series of an instant query; a scalar answer is one series without labels. */
  public List<Sample> query(String promql) throws QueryFailed {
    URI uri =
        URI.create(
            baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(TIMEOUT)
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new QueryFailed(baseUrl + " did not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryFailed("interrupted");
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !"success".equals(body.path("status").asText())) {
      String error =
          body == null || !body.isObject()
              ? "HTTP " + response.statusCode() + " with a body that is not JSON"
              : body.path("error").asText("HTTP " + response.statusCode());
      throw new QueryFailed(baseUrl + " answered " + error + " to " + promql);
    }
    JsonNode data = body.path("data");
    List<Sample> samples = new ArrayList<>();
    switch (data.path("resultType").asText()) {
      case "vector" -> {
        for (JsonNode series : data.path("result")) {
          Map<String, String> labels = new HashMap<>();
          series
              .path("metric")
              .fields()
              .forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
          samples.add(new Sample(labels, number(series.path("value").path(1).asText())));
        }
      }
      case "scalar" ->
          samples.add(new Sample(Map.of(), number(data.path("result").path(1).asText())));
      default ->
          throw new QueryFailed(
              "a " + data.path("resultType").asText() + " is not an instant vector: " + promql);
    }
    return samples;
  }

  private static double number(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
