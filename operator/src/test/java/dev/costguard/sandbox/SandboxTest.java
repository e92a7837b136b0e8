package dev.costguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer sees after `make run`, checked through the kubeconfig the sandbox writes. */
class SandboxTest {
  @TempDir static Path stateDir;
  private static Sandbox sandbox;
  private static KubernetesClient user;

  @BeforeAll
  static void startSandbox() throws Exception {
    sandbox =
        new Sandbox(
            new SandboxSettings(
                0,
                0,
                0,
                0,
                false,
                60,
                Instant.parse("2026-06-10T10:00:00Z"),
                RepoPaths.examples(),
                stateDir,
                Duration.ofSeconds(1),
                Duration.ofHours(1)));
    user =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(sandbox.kubeconfig())))
            .build();
  }

  @AfterAll
  static void stop() {
    user.close();
    sandbox.close();
  }

  @Test
  void theKubeconfigReachesTheSandboxAndListsTheExamples() {
    assertThat(user.resources(PriceCatalog.class).list().getItems()).isNotEmpty();
    assertThat(user.resources(WorkloadBudget.class).list().getItems())
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(user.resources(ScalingPolicy.class).inAnyNamespace().list().getItems()).isNotEmpty();
    assertThat(user.resources(ShutdownSchedule.class).list().getItems()).isNotEmpty();
  }

  @Test
  void discoveryServesTheCostguardKindsWithTheirShortNames() {
    var resources = user.getApiResources("costguard.dev/v1alpha1").getResources();
    assertThat(resources)
        .extracting(r -> r.getName())
        .containsExactlyInAnyOrder(
            "pricecatalogs", "workloadbudgets", "scalingpolicies", "shutdownschedules");
    assertThat(resources)
        .flatExtracting(r -> r.getShortNames())
        .contains("wbudget", "scalepol", "shutdown", "pricecat");
  }

  @Test
  void theFleetRunsPodsWithChangingMetrics() {
    List<Pod> pods =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> user.pods().inNamespace("ml-inference").list().getItems(), p -> !p.isEmpty());
    assertThat(pods).allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isNotBlank());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> user.resources(PodMetrics.class).inNamespace("ml-inference").list().getItems(),
            m -> !m.isEmpty());
  }

  @Test
  void metricsServeOperatorAndCostguardFamilies() {
    String body =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> get(sandbox.metricsUrl()), b -> b.contains("operator_sdk_"));
    assertThat(body)
        .containsPattern(
            "costguard_build_info\\{revision=\"[0-9a-f]{7,}\",version=\"[0-9][^\"]*\"} 1");
  }

  @Test
  void theAllocationApiServesTheNumbersOfMetricsAndBudgetStatus() throws Exception {
    String api = sandbox.metricsUrl().replace("/metrics", "/api/v1/");
    ObjectMapper json = new ObjectMapper();
    // The operator's totals since start (the window is longer than its uptime) lie between two
    // scrapes of the counters taken before and after: counters only grow.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> costByNamespace(get(sandbox.metricsUrl())),
            c -> c.containsKey("ml-inference") && c.get("ml-inference").signum() > 0);
    Map<String, BigDecimal> before = costByNamespace(get(sandbox.metricsUrl()));
    JsonNode allocation = json.readTree(get(api + "allocation?window=93d"));
    Map<String, BigDecimal> after = costByNamespace(get(sandbox.metricsUrl()));
    assertThat(allocation.at("/source").asText()).isEqualTo("operator");
    assertThat(allocation.at("/allocations")).isNotEmpty();
    for (JsonNode row : allocation.at("/allocations")) {
      String namespace = row.at("/name").asText();
      BigDecimal amount = new BigDecimal(row.at("/cost/0/amount").asText());
      assertThat(amount)
          .as(namespace)
          .isBetween(before.getOrDefault(namespace, BigDecimal.ZERO), after.get(namespace));
    }

    // budgets: what kubectl get shows of each budget's status
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode budgets = json.readTree(get(api + "budgets")).at("/budgets");
              assertThat(budgets).isNotEmpty();
              for (JsonNode budget : budgets) {
                WorkloadBudget status =
                    user.resources(WorkloadBudget.class)
                        .withName(budget.at("/name").asText())
                        .get();
                assertThat(status.getStatus()).isNotNull();
                assertThat(new BigDecimal(budget.at("/current/spent").asText()))
                    .isEqualByComparingTo(status.getStatus().spent);
              }
            });
  }

  /** {@code costguard_cost_total} summed by namespace. */
  private static Map<String, BigDecimal> costByNamespace(String scrape) {
    Map<String, BigDecimal> sums = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^costguard_cost_total\\{([^}]*)} (\\S+)$").matcher(scrape);
    while (m.find()) {
      Matcher ns = Pattern.compile("namespace=\"([^\"]*)\"").matcher(m.group(1));
      if (ns.find()) {
        sums.merge(ns.group(1), new BigDecimal(m.group(2)), BigDecimal::add);
      }
    }
    return sums;
  }

  @Test
  void kubectlListsTheExamples() throws Exception {
    // kubectl is optional on developer machines: reported as skipped there, not as passed.
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/kubectl")), "kubectl is not installed");
    Process kubectl =
        new ProcessBuilder(
                "kubectl",
                "--kubeconfig",
                sandbox.kubeconfig().toString(),
                "get",
                "workloadbudgets,scalingpolicies,shutdownschedules,pricecatalogs",
                "-A")
            .redirectErrorStream(true)
            .start();
    assertThat(kubectl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(kubectl.getInputStream().readAllBytes());
    assertThat(kubectl.exitValue()).as(output).isZero();
    assertThat(output)
        .contains(
            "team-vision",
            "inference-daily",
            "chat-inference",
            "dev-nights-and-weekends",
            "cloud-usd");
  }

  private static String get(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      return "";
    }
  }
}
