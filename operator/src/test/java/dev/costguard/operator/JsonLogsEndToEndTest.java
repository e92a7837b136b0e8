package dev.costguard.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.Sandbox;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.RepoPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A day of the examples with JSON logs, as a log pipeline reads them: every line is one JSON
 * object; putting the dev namespaces to sleep is logged at INFO, and a schedule whose spec cannot
 * be acted on at WARN, each naming the object.
 */
class JsonLogsEndToEndTest {

  @Test
  void everyLineOfARunIsJsonAndActionsAndRefusalsAreLogged() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LogFormats.select(RunCommand.LogFormat.json);
      try (OperatorHarness harness =
          OperatorHarness.start(
              OperatorHarness.testConfig()
                  .withPrometheusAllowedUrls(List.of(Sandbox.prometheusUrl(19090))),
              OperatorHarness.DEFAULT_START)) {
        Manifests.apply(harness.client(), FleetSeed.objects());
        RepoPaths.exampleFiles().forEach(harness::apply);
        harness.apply(KstatusConformanceTest.BROKEN_SCHEDULE);
        // 21:00 in Berlin on a Wednesday: the dev namespaces go to sleep
        harness.clock().set(Instant.parse("2026-06-10T19:00:00Z"));
        harness.awaitValue(
            () ->
                harness
                    .client()
                    .resources(ShutdownSchedule.class)
                    .withName("dev-nights-and-weekends")
                    .get(),
            s -> s.getStatus() != null && "Asleep".equals(s.getStatus().state));
      }
    } finally {
      LogFormats.select(RunCommand.LogFormat.text);
      System.setOut(original);
    }

    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).lines().toList()) {
      JsonNode json = mapper.readTree(line);
      assertThat(json.isObject()).as(line).isTrue();
      assertThat(
              json.has("@timestamp")
                  && json.has("level")
                  && json.has("logger")
                  && json.has("message"))
          .as(line)
          .isTrue();
      lines.add(json);
    }
    assertThat(lines).hasSizeGreaterThan(3);
    assertThat(lines)
        .anySatisfy(
            l -> {
              assertThat(l.get("level").asText()).isEqualTo("WARN");
              assertThat(l.get("message").asText())
                  .contains("ShutdownSchedule lost-in-time")
                  .contains("Mars/Olympus_Mons");
            });
    assertThat(lines)
        .filteredOn(l -> l.get("level").asText().equals("INFO"))
        .anySatisfy(
            l ->
                assertThat(l.get("message").asText())
                    .contains("dev-nights-and-weekends")
                    .containsIgnoringCase("sleep"));
  }
}
