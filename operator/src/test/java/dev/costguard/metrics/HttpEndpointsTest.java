package dev.costguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's HTTP port as Prometheus and the kubelet use it. */
class HttpEndpointsTest {
  private PrometheusMeterRegistry registry;
  private HttpEndpoints endpoints;

  @BeforeEach
  void start() throws Exception {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("costguard.example.actions")
        .description("Actions")
        .register(registry)
        .increment();
    endpoints = new HttpEndpoints(0, registry, () -> true, () -> false);
  }

  @AfterEach
  void stop() {
    endpoints.close();
    registry.close();
  }

  @Test
  void prometheusAskingForOpenMetricsGetsOpenMetricsWithItsEofMarker() throws Exception {
    // the Accept header Prometheus 2.x sends
    HttpResponse<String> response =
        get(
            "/metrics",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(
            type -> assertThat(type).startsWith("application/openmetrics-text; version=1.0.0"));
    assertThat(response.body()).contains("costguard_example_actions_total 1.0").endsWith("# EOF\n");
  }

  @Test
  void aPlainScrapeGetsTheTextFormat() throws Exception {
    HttpResponse<String> response = get("/metrics", null);

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue(HttpEndpoints.PROMETHEUS_TEXT);
    assertThat(response.body())
        .contains("costguard_example_actions_total 1.0")
        .doesNotContain("# EOF");
  }

  @Test
  void onlyTheExactPathsAnswer() throws Exception {
    assertThat(get("/metrics/", null).statusCode()).isEqualTo(404);
    assertThat(get("/metricsfoo", null).statusCode()).isEqualTo(404);
    assertThat(get("/healthz/deep", null).statusCode()).isEqualTo(404);
    assertThat(get("/", null).statusCode()).isEqualTo(404);
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(get("/readyz", null).statusCode()).isEqualTo(503);
  }

  @Test
  void aServedResourceAnswersOnlyItsExactPathWithItsQueryDecoded() throws Exception {
    endpoints.serveExactly(
        "/", query -> new HttpEndpoints.Answer(200, "text/html; charset=utf-8", "page " + query));
    endpoints.serveExactly(
        "/api/v1/x",
        query -> {
          throw new IllegalStateException("broken");
        });

    HttpResponse<String> page = get("/?window=5m&team=a%20b&window=1h", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).isEqualTo("page {window=5m, team=a b}");
    assertThat(get("/index.html", null).statusCode()).isEqualTo(404);
    assertThat(get("/metricsfoo", null).statusCode()).isEqualTo(404);
    HttpResponse<String> broken = get("/api/v1/x", null);
    assertThat(broken.statusCode()).isEqualTo(500);
    assertThat(broken.body()).contains("broken");
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
