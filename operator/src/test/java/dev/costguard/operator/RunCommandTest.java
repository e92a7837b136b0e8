package dev.costguard.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class RunCommandTest {

  @Test
  void flagsBecomeTheOperatorConfiguration() {
    RunCommand command = new RunCommand();
    new CommandLine(command)
        .parseArgs(
            "--watch-namespaces",
            "ml-a, ml-b",
            "--protected-namespaces",
            "prod",
            "--http-port",
            "9090",
            "--leader-election",
            "--lease-name",
            "cg",
            "--resync-seconds",
            "30",
            "--dry-run",
            "--prometheus-allowed-urls",
            "http://prometheus:9090,http://thanos:9090",
            "--team-label",
            "owner",
            "--shutdown-timeout-seconds",
            "15");
    OperatorConfig config = command.toConfig();
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("ml-a", "ml-b");
    assertThat(config.allProtectedNamespaces()).contains("prod", "kube-system", "costguard-system");
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseName()).isEqualTo("cg");
    assertThat(config.effectiveLeaseNamespace()).isEqualTo("costguard-system");
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.dryRun()).isTrue();
    assertThat(config.prometheusAllowedUrls())
        .containsExactly("http://prometheus:9090", "http://thanos:9090");
    assertThat(config.teamLabel()).isEqualTo("owner");
    assertThat(config.exitOnLostLease()).as("production exits when it loses the Lease").isTrue();
  }

  @Test
  void withoutFlagsTheDefaultsApply() {
    RunCommand command = new RunCommand();
    new CommandLine(command).parseArgs();
    OperatorConfig config = command.toConfig();
    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.allProtectedNamespaces())
        .isEqualTo(Set.of("kube-system", "costguard-system"));
    assertThat(config.prometheusAllowedUrls()).isEqualTo(List.of());
  }

  /** What the operator prints on stdout while {@code work} runs with JSON logs. */
  private static List<String> jsonLogLinesOf(Runnable work) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LogFormats.select(RunCommand.LogFormat.json);
      work.run();
    } finally {
      LogFormats.select(RunCommand.LogFormat.text);
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonLogsCarryTheFieldsLogPipelinesExpectAndTheResourceOfTheReconcile() throws Exception {
    List<String> lines =
        jsonLogLinesOf(
            () -> {
              // what java-operator-sdk puts in the MDC around a reconcile
              org.slf4j.MDC.put("resource.kind", "WorkloadBudget");
              org.slf4j.MDC.put("resource.name", "team-a");
              org.slf4j.MDC.put("resource.namespace", "ml");
              org.slf4j.MDC.put("resource.uid", "not-wanted");
              try {
                LoggerFactory.getLogger("dev.costguard.test")
                    .info("budget {} crossed {}%", "team-a", 80);
              } finally {
                org.slf4j.MDC.clear();
              }
            });
    String line = lines.stream().filter(l -> l.contains("team-a")).findFirst().orElseThrow();
    JsonNode json = new ObjectMapper().readTree(line);

    assertThat(json.get("@timestamp").asText())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}.*");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger").asText()).isEqualTo("dev.costguard.test");
    assertThat(json.get("message").asText()).isEqualTo("budget team-a crossed 80%");
    assertThat(json.get("kind").asText()).isEqualTo("WorkloadBudget");
    assertThat(json.get("name").asText()).isEqualTo("team-a");
    assertThat(json.get("namespace").asText()).isEqualTo("ml");
    assertThat(json.get("controller").asText()).isEqualTo("workloadbudget");
    assertThat(json.has("resource.uid")).isFalse();
    assertThat(json.has("formattedMessage")).isFalse();
  }

  @Test
  void aStartUpFailureIsOneJsonLineWithTheStackTraceInOneField() throws Exception {
    // no API server where the client looks, and no retries, so that start-up fails at once
    System.setProperty("kubernetes.master", "http://127.0.0.1:1");
    System.setProperty("kubernetes.request.retry.backoffLimit", "0");
    try {
      RunCommand command = new RunCommand();
      new CommandLine(command).parseArgs("--log-format", "json", "--http-port", "0");
      int[] exit = new int[1];
      List<String> lines =
          jsonLogLinesOf(
              () -> {
                try {
                  exit[0] = command.call();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });

      assertThat(exit[0]).isEqualTo(1);
      ObjectMapper json = new ObjectMapper();
      List<JsonNode> parsed = new java.util.ArrayList<>();
      for (String line : lines) {
        parsed.add(json.readTree(line));
      }
      assertThat(parsed)
          .filteredOn(l -> l.get("level").asText().equals("ERROR"))
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.get("message").asText()).startsWith("Costguard could not start: ");
                assertThat(error.get("stack_trace").asText())
                    .contains("KubernetesClientException")
                    .contains("\n\tat ");
              });
    } finally {
      System.clearProperty("kubernetes.master");
      System.clearProperty("kubernetes.request.retry.backoffLimit");
    }
  }
}
