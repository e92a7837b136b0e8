package dev.costguard.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Allocations from the accrued counters in Prometheus: {@code sum by (...)
 * (increase(costguard_cost_total[<span>]))} and its siblings, evaluated at the span's end. {@code
 * increase()} handles counter resets (restarts, a new leader) and extrapolates to the span's edges,
 * so the figures are close rather than exact to the micro-unit.
 */
public final class PrometheusAllocations implements AllocationSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SCALE = 6;

  private final String baseUrl;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param baseUrl e.g. {@code http://prometheus.monitoring:9090}, without a trailing slash
   */
  public PrometheusAllocations(String baseUrl, Duration timeout) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public AllocationLines lines(Instant start, Instant end) throws SourceUnavailable {
    long seconds = Math.max(1, Duration.between(start, end).getSeconds());
    String range = "[" + seconds + "s]";
    List<AllocationLines.Cost> costs = new ArrayList<>();
    for (JsonNode series :
        query(
            "sum by (namespace, team, capacity_type, currency) (increase(costguard_cost_total"
                + range
                + "))",
            end)) {
      JsonNode labels = series.path("metric");
      costs.add(
          new AllocationLines.Cost(
              labels.path("namespace").asText(""),
              labels.path("team").asText(""),
              labels.path("capacity_type").asText(""),
              labels.path("currency").asText(""),
              value(series)));
    }
    Map<List<String>, BigDecimal[]> usage = new LinkedHashMap<>();
    String[] figures = {
      "costguard_gpu_allocated_seconds_total",
      "costguard_energy_joules_total",
      "costguard_carbon_grams_total"
    };
    for (int i = 0; i < figures.length; i++) {
      for (JsonNode series :
          query("sum by (namespace, team) (increase(" + figures[i] + range + "))", end)) {
        JsonNode labels = series.path("metric");
        BigDecimal[] row =
            usage.computeIfAbsent(
                List.of(labels.path("namespace").asText(""), labels.path("team").asText("")),
                k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
        row[i] = value(series);
      }
    }
    List<AllocationLines.Usage> usages = new ArrayList<>();
    usage.forEach(
        (key, row) ->
            usages.add(new AllocationLines.Usage(key.get(0), key.get(1), row[0], row[1], row[2])));
    List<AllocationLines.Idle> idle = new ArrayList<>();
    for (JsonNode series :
        query(
            "sum by (capacity_type, currency) (increase(costguard_idle_cost_total" + range + "))",
            end)) {
      JsonNode labels = series.path("metric");
      idle.add(
          new AllocationLines.Idle(
              labels.path("capacity_type").asText(""),
              labels.path("currency").asText(""),
              value(series)));
    }
    return new AllocationLines(AllocationLines.Source.prometheus, start, end, costs, usages, idle);
  }

  /** The series of an instant vector query evaluated at {@code at}. */
  private JsonNode query(String promql, Instant at) throws SourceUnavailable {
    URI uri =
        URI.create(
            baseUrl
                + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time="
                + at.getEpochSecond());
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .timeout(timeout)
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SourceUnavailable("unreachable: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceUnavailable("interrupted");
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (response.statusCode() != 200
        || body == null
        || !"success".equals(body.path("status").asText())) {
      String error =
          body == null || !body.isObject()
              ? "HTTP " + response.statusCode()
              : body.path("error").asText("HTTP " + response.statusCode());
      throw new SourceUnavailable("answered " + error);
    }
    JsonNode data = body.path("data");
    if (!"vector".equals(data.path("resultType").asText())) {
      throw new SourceUnavailable("answered a " + data.path("resultType").asText());
    }
    return data.path("result");
  }

  /** A sample's value to six decimals; NaN or infinity (no samples in range) is zero. */
  private static BigDecimal value(JsonNode series) {
    String text = series.path("value").path(1).asText("0");
    try {
      return new BigDecimal(text).setScale(SCALE, RoundingMode.HALF_UP);
    } catch (NumberFormatException e) {
      return BigDecimal.ZERO.setScale(SCALE);
    }
  }
}
