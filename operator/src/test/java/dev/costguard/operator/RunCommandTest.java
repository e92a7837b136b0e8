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
    new CommandLine(command).parseArgs(
        "--watch-namespaces", "ml-a, ml-b", "--protected-namespaces", "prod", "--http-port", "9090",
        "--leader-election", "--lease-name", "cg", "--resync-seconds", "30", "--dry-run",
        "--prometheus-allowed-urls", "http://prometheus:9090,http://thanos:9090",
        "--team-label", "owner", "--shutdown-timeout-seconds", "15");
    OperatorConfig config = command.toConfig();
    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("ml-a", "ml-b");
    assertThat(config.allProtectedNamespaces()).contains("prod", "kube-system", "costguard-system");
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseName()).isEqualTo("cg");
    assertThat(config.effectiveLeaseNamespace()).isEqualTo("costguard-system");
    assertThat(config.resyncInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.dryRun()).isTrue();
    assertThat(config.prometheusAllowedUrls()).containsExactly("http://prometheus:9090", "http://thanos:9090");
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
    assertThat(config.allProtectedNamespaces()).isEqualTo(Set.of("kube-system", "costguard-system"));
    assertThat(config.prometheusAllowedUrls()).isEqualTo(List.of());
  }

  @Test
  void jsonLogFormatWritesOneJsonObjectPerLine() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LogFormats.select(RunCommand.LogFormat.json);
      LoggerFactory.getLogger("dev.costguard.test").info("budget {} crossed {}%", "team-a", 80);
    } finally {
      LogFormats.select(RunCommand.LogFormat.text);
      System.setOut(original);
    }
    String line = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains("team-a")).findFirst().orElseThrow();
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("formattedMessage").asText()).isEqualTo("budget team-a crossed 80%");
  }
}
