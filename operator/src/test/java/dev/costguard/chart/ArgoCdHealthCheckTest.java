package dev.costguard.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;

/** The Argo CD health check under a real Lua interpreter, with the cases of its own test file. */
class ArgoCdHealthCheckTest {

  @Test
  void theLuaTestCasesPassUnderARealLuaInterpreter() {
    LuaValue cases =
        ArgoCdHealthCheck.runFile(HelmChart.chartDir().resolve("files/argocd-health.test.lua"));
    assertThat(cases.toint()).as("cases run").isGreaterThanOrEqualTo(14);
  }

  @Test
  void aScheduleThatCannotWakeItsWorkloadsIsDegradedWithTheReason() {
    ArgoCdHealthCheck.Health health =
        ArgoCdHealthCheck.of(
            Map.of(
                "metadata", Map.of("name", "dev-nights", "generation", 4),
                "status",
                    Map.of(
                        "observedGeneration",
                        4,
                        "conditions",
                        List.of(
                            Map.of(
                                "type",
                                "Ready",
                                "status",
                                "True",
                                "reason",
                                "Awake",
                                "message",
                                "3 workloads awake"),
                            Map.of(
                                "type",
                                "Degraded",
                                "status",
                                "True",
                                "reason",
                                "RestoreFailed",
                                "message",
                                "could not wake dev/api")))));

    assertThat(health)
        .isEqualTo(
            new ArgoCdHealthCheck.Health("Degraded", "RestoreFailed: could not wake dev/api"));
  }

  @Test
  void aTerminatingBudgetIsNotHealthy() {
    ArgoCdHealthCheck.Health health =
        ArgoCdHealthCheck.of(
            Map.of(
                "metadata",
                    Map.of(
                        "name",
                        "team-a",
                        "generation",
                        1,
                        "deletionTimestamp",
                        "2026-06-10T10:00:00Z"),
                "status",
                    Map.of(
                        "observedGeneration",
                        1,
                        "conditions",
                        List.of(Map.of("type", "Ready", "status", "True")))));

    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).contains("deleted");
  }

  @Test
  void aCaseWithTheWrongExpectationFailsTheLuaTestFile() throws Exception {
    // the Lua test file must be able to fail: run it on a check that calls everything Healthy
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("argocd-health");
    java.nio.file.Files.writeString(
        dir.resolve("argocd-health.lua"), "return {status = \"Healthy\", message = \"ok\"}\n");
    java.nio.file.Files.copy(
        HelmChart.chartDir().resolve("files/argocd-health.test.lua"),
        dir.resolve("argocd-health.test.lua"));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ArgoCdHealthCheck.runFile(dir.resolve("argocd-health.test.lua")))
        .hasMessageContaining("cannot wake -> Healthy (want Degraded)");
  }
}
