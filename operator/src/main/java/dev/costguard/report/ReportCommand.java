package dev.costguard.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code costguard report}: budgets, burn, forecast, savings and top spenders, read with your
 * kubeconfig (or in-cluster account) like kubectl, as tables or JSON. Read-only.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description =
        "Print budgets (spent, burn, forecast), shutdown-schedule savings and the top spending"
            + " namespaces, read from the cluster of your kubeconfig like kubectl. Read-only.")
public final class ReportCommand implements Callable<Integer> {
  public static final String USER_AGENT = "costguard-report";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Output formats. */
  public enum Output {
    table,
    json
  }

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Output output;

  @Option(
      names = "--top",
      defaultValue = "10",
      description =
          "How many top spending namespaces to show, 1 to 1000 (default ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--context",
      description = "The kubeconfig context to use (default: the current context).")
  String context;

  @Option(
      names = "--team-label",
      defaultValue = "${env:COSTGUARD_TEAM_LABEL:-team}",
      description =
          "Namespace or pod label naming the team, as the operator's (default ${DEFAULT-VALUE}).")
  String teamLabel;

  @Option(
      names = "--default-price-catalog",
      defaultValue = "${env:COSTGUARD_DEFAULT_PRICE_CATALOG:-}",
      description = "Catalog used when none is marked default, as the operator's.")
  String defaultPriceCatalog;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (top < 1 || top > 1000) {
      throw new ParameterException(spec.commandLine(), "--top must be between 1 and 1000");
    }
    Config config =
        new ConfigBuilder(Config.autoConfigure(context)).withUserAgent(USER_AGENT).build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      return print(client, Clock.systemUTC(), spec.commandLine().getOut());
    } catch (KubernetesClientException e) {
      spec.commandLine()
          .getErr()
          .println("costguard report: cannot read the cluster: " + e.getMessage());
      return 1;
    }
  }

  /** Reads the cluster and prints the report; 0 unless nothing at all could be read. */
  int print(KubernetesClient client, Clock clock, PrintWriter out) {
    Report report =
        ClusterReport.read(
            client,
            clock.instant().truncatedTo(ChronoUnit.SECONDS),
            teamLabel,
            defaultPriceCatalog,
            top);
    if (output == Output.json) {
      try {
        out.println(JSON.writeValueAsString(report));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.print(ReportTable.render(report));
    }
    out.flush();
    return 0;
  }
}
