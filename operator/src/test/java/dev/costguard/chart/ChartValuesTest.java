package dev.costguard.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** helm lint --strict passes, and values.schema.json turns a wrong value into a clear refusal. */
class ChartValuesTest {

  @Test
  void chartPassesHelmLintStrict() {
    LintResult lint = HelmChart.lintStrict();

    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      replicaCount: two                                  | replicaCount
      leaderElection: {enabled: "yes"}                   | enabled
      operator: {watchNamespaces: ml-prod}               | watchNamespaces
      operator: {watchNamespaces: [ML_Prod]}             | watchNamespaces
      operator: {logFormat: yaml}                        | logFormat
      operator: {httpPort: "8080"}                       | httpPort
      operator: {shutdownTimeoutSeconds: 0}              | shutdownTimeoutSeconds
      operator: {dryRun: 1}                              | dryRun
      prometheus: {allowedUrls: [prometheus:9090]}       | allowedUrls
      prometheus: {bearerTokenSecrets: {enabled: true, namespaces: ml}} | namespaces
      serviceMonitor: {enabled: true, labels: {release: 1}} | release
      serviceMonitor: {interval: 30}                     | interval
      image: {pullPolicy: Sometimes}                     | pullPolicy
      image: {digest: latest}                            | digest
      watchNamespaces: [ml]                              | watchNamespaces
      """)
  void aWrongValueIsRefusedNamingTheValue(String values, String named) {
    assertThatThrownBy(() -> HelmChart.render(values))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(named);
  }

  @Test
  void theMainOverridesRender() {
    for (String values :
        new String[] {
          "operator: {watchNamespaces: [ml-prod, ml-dev], protectedNamespaces: [payments]}",
          "{replicaCount: 2, leaderElection: {enabled: true}, podDisruptionBudget: {enabled: true}}",
          "{serviceMonitor: {enabled: true}, prometheusRule: {enabled: true}, grafanaDashboard: {enabled: true}}",
          "prometheus: {allowedUrls: [\"http://prometheus.monitoring:9090\"], bearerTokenSecrets: {enabled: true}}",
          "{serviceAccount: {create: false, name: platform-sa}, rbac: {create: false}}",
          "operator: {javaOptions: \"-Xss512k\", extraEnv: [{name: TZ, value: UTC}]}",
        }) {
      assertThat(HelmChart.render(values).items()).as(values).isNotEmpty();
    }
  }

  /** Values documented as one row although they are objects. */
  private static final Set<String> ONE_ROW =
      Set.of("podSecurityContext", "securityContext", "resources", "grafanaDashboard.labels");

  @Test
  void theReadmeValuesTableDocumentsEveryValue() throws IOException {
    JsonNode values =
        new ObjectMapper(new YAMLFactory())
            .readTree(HelmChart.chartDir().resolve("values.yaml").toFile());
    Set<String> leaves = new TreeSet<>();
    collectLeaves(values, "", leaves);
    Set<String> documented = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| `([^`]+)` \\|")
            .matcher(Files.readString(HelmChart.chartDir().resolve("README.md")));
    while (row.find()) {
      documented.add(row.group(1));
    }

    assertThat(leaves)
        .allSatisfy(
            key ->
                assertThat(documented)
                    .as("README values table row for %s", key)
                    .anyMatch(
                        d ->
                            d.equals(key)
                                || (d.endsWith(".*")
                                    && key.startsWith(d.substring(0, d.length() - 1)))));
  }

  private static void collectLeaves(JsonNode node, String path, Set<String> into) {
    if (node.isObject() && node.size() > 0 && !ONE_ROW.contains(path)) {
      node.fields()
          .forEachRemaining(
              f ->
                  collectLeaves(
                      f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), into));
    } else {
      into.add(path);
    }
  }
}
