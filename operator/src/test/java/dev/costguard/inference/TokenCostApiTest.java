package dev.costguard.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.testing.OperatorHarness;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The token-cost API when there is no Prometheus to read, or it does not answer. */
class TokenCostApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void withoutAPrometheusTheAnswerSaysSoAndListsNothing() throws Exception {
    try (OperatorHarness harness = OperatorHarness.start()) {
      harness.operator().inference().refresh();
      var response = harness.get("/api/v1/inference/token-cost");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/json; charset=utf-8");
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.path("source").asText()).isEqualTo("none");
      assertThat(answer.path("error").asText()).contains("--allocation-prometheus-url");
      assertThat(answer.path("workloads")).isEmpty();
      assertThat(harness.metrics()).doesNotContain("costguard_inference_cost_per_million_tokens{");
    }
  }

  @Test
  void aPrometheusThatDoesNotAnswerIsReportedInTheAnswerNotThrown() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (OperatorHarness harness =
        OperatorHarness.start(
            OperatorHarness.testConfig()
                .withAllocationPrometheusUrl("http://127.0.0.1:" + closedPort),
            OperatorHarness.DEFAULT_START)) {
      harness.operator().inference().refresh();
      JsonNode answer = JSON.readTree(harness.get("/api/v1/inference/token-cost").body());
      assertThat(answer.path("source").asText()).isEqualTo("prometheus");
      assertThat(answer.path("error").asText()).contains("did not answer");
      assertThat(answer.path("workloads")).isEmpty();
    }
  }

  @Test
  void onlyGetWithKnownParametersIsAnswered() throws Exception {
    try (OperatorHarness harness = OperatorHarness.start()) {
      var unknown = harness.get("/api/v1/inference/token-cost?namespace=ml");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(unknown.body()).path("error").asText())
          .isEqualTo("unknown parameter namespace; the only one is window");
      assertThat(harness.get("/api/v1/inference/token-cost/x").statusCode()).isEqualTo(404);
      var post =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + harness.operator().httpPort()
                                  + "/api/v1/inference/token-cost"))
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }
  }
}
