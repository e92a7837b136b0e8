package dev.costguard.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Argo CD snippets the chart ships stay in step with the health check and the workloads. */
class ChartGitOpsTest {

  private static final Path FILES = HelmChart.chartDir().resolve("files");

  @Test
  void argocdConfigMapInstallsTheOneHealthCheckForAllFourKinds() throws IOException {
    String lua = Files.readString(FILES.resolve("argocd-health.lua"));
    ConfigMap cm =
        Serialization.unmarshal(Files.readString(FILES.resolve("argocd-cm.yaml")), ConfigMap.class);

    assertThat(cm.getData())
        .containsOnlyKeys(
            "resource.customizations.health.costguard.dev_PriceCatalog",
            "resource.customizations.health.costguard.dev_WorkloadBudget",
            "resource.customizations.health.costguard.dev_ScalingPolicy",
            "resource.customizations.health.costguard.dev_ShutdownSchedule");
    assertThat(cm.getData().values()).allSatisfy(script -> assertThat(script).isEqualTo(lua));
    assertThat(lua).contains("observedGeneration", "\"Ready\"");
  }

  @Test
  void ignoreDifferencesCoverEveryKindTheOperatorWritesAndSyncRespectsThem() throws IOException {
    GenericKubernetesResource app =
        Serialization.unmarshal(
            Files.readString(FILES.resolve("argocd-ignore-differences.yaml")),
            GenericKubernetesResource.class);
    List<Map<String, Object>> ignores = app.get("spec", "ignoreDifferences");
    List<String> syncOptions = app.get("spec", "syncPolicy", "syncOptions");

    assertThat(ignores)
        .filteredOn(i -> List.of("costguard").equals(i.get("managedFieldsManagers")))
        .extracting(i -> i.get("group") + "/" + i.get("kind"))
        .containsExactlyInAnyOrder(
            "apps/Deployment",
            "apps/StatefulSet",
            "batch/CronJob",
            "batch/Job",
            "autoscaling/HorizontalPodAutoscaler",
            "keda.sh/ScaledObject");
    assertThat(syncOptions).contains("RespectIgnoreDifferences=true");
  }
}
