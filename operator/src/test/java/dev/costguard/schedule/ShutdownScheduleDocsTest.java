package dev.costguard.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.kube.Keda;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The YAML in docs/shutdown-schedules.md is what users copy: it must parse and say what the text
 * says.
 */
class ShutdownScheduleDocsTest {
  static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theExampleScheduleIsValid() throws Exception {
    ShutdownSchedule schedule =
        Serialization.unmarshal(snippet("ShutdownSchedule"), ShutdownSchedule.class);
    SleepSchedule parsed = SleepSchedule.fromSpec(schedule.getSpec());
    assertThat(parsed.windows()).hasSize(2);
    assertThat(schedule.getSpec().namespaceSelector.getMatchLabels()).containsEntry("env", "dev");
  }

  @Test
  void argoCdIgnoresReplicasAndSyncRespectsIt() throws Exception {
    JsonNode application = asJson(snippet("Application"));
    assertThat(application.at("/spec/syncPolicy/syncOptions").toString())
        .contains("RespectIgnoreDifferences=true");
    List<String> ignored = new ArrayList<>();
    application
        .at("/spec/ignoreDifferences")
        .forEach(rule -> ignored.add(rule.path("kind").asText() + " " + rule.path("jsonPointers")));
    assertThat(ignored)
        .contains(
            "Deployment [\"/spec/replicas\"]",
            "StatefulSet [\"/spec/replicas\"]",
            "CronJob [\"/spec/suspend\"]");
    assertThat(application.at("/spec/ignoreDifferences/3/jqPathExpressions/0").asText())
        .contains(Keda.PAUSED_REPLICAS_ANNOTATION);
  }

  @Test
  void fluxHelmReleaseDriftDetectionIgnoresReplicas() throws Exception {
    JsonNode release = asJson(snippet("HelmRelease"));
    assertThat(release.at("/spec/driftDetection/mode").asText()).isEqualTo("enabled");
    assertThat(release.at("/spec/driftDetection/ignore/0/paths/0").asText())
        .isEqualTo("/spec/replicas");
    assertThat(release.at("/spec/driftDetection/ignore/0/target/kind").asText())
        .isEqualTo("Deployment");
  }

  private static String snippet(String kind) throws IOException {
    String doc = Files.readString(RepoPaths.root().resolve("docs/shutdown-schedules.md"));
    Matcher blocks = YAML_BLOCK.matcher(doc);
    while (blocks.find()) {
      if (blocks.group(1).contains("\nkind: " + kind + "\n")) {
        return blocks.group(1);
      }
    }
    throw new AssertionError("no yaml snippet of kind " + kind);
  }

  private static JsonNode asJson(String yaml) {
    return Serialization.jsonMapper()
        .valueToTree(Serialization.unmarshal(yaml, GenericKubernetesResource.class));
  }
}
