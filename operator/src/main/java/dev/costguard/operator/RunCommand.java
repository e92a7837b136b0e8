package dev.costguard.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs Costguard against the cluster of the usual kubeconfig or in-cluster configuration. Every
 * flag has an environment variable, which is how the Helm chart configures it.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the operator against a cluster.")
public final class RunCommand implements Callable<Integer> {

  @Option(
      names = "--watch-namespaces",
      defaultValue = "${env:COSTGUARD_WATCH_NAMESPACES:-}",
      description =
          "Comma-separated namespaces for namespaced resources; empty watches all (env COSTGUARD_WATCH_NAMESPACES).")
  String watchNamespaces;

  @Option(
      names = "--operator-namespace",
      defaultValue = "${env:COSTGUARD_OPERATOR_NAMESPACE:-costguard-system}",
      description =
          "Namespace the operator runs in; never touched (env COSTGUARD_OPERATOR_NAMESPACE).")
  String operatorNamespace;

  @Option(
      names = "--protected-namespaces",
      defaultValue = "${env:COSTGUARD_PROTECTED_NAMESPACES:-}",
      description =
          "Comma-separated namespaces no policy changes; kube-system and the operator's namespace always are (env COSTGUARD_PROTECTED_NAMESPACES).")
  String protectedNamespaces;

  @Option(
      names = "--http-port",
      defaultValue = "${env:COSTGUARD_HTTP_PORT:-8080}",
      description = "Port of /metrics, /healthz and /readyz (env COSTGUARD_HTTP_PORT).")
  int httpPort;

  @Option(
      names = "--leader-election",
      defaultValue = "${env:COSTGUARD_LEADER_ELECTION:-false}",
      arity = "0..1",
      description =
          "Take a Lease before reconciling; required with more than one replica (env COSTGUARD_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "${env:COSTGUARD_LEASE_NAME:-costguard-operator}",
      description = "Name of the leader election Lease (env COSTGUARD_LEASE_NAME).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:COSTGUARD_LEASE_NAMESPACE:-}",
      description =
          "Namespace of the Lease; default the operator's namespace (env COSTGUARD_LEASE_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--resync-seconds",
      defaultValue = "${env:COSTGUARD_RESYNC_SECONDS:-60}",
      description =
          "Longest time between two reconciles of a resource (env COSTGUARD_RESYNC_SECONDS).")
  long resyncSeconds;

  @Option(
      names = "--dry-run",
      defaultValue = "${env:COSTGUARD_DRY_RUN:-false}",
      arity = "0..1",
      description = "Global dry run: report, never write a workload (env COSTGUARD_DRY_RUN).")
  boolean dryRun;

  @Option(
      names = "--log-format",
      defaultValue = "${env:COSTGUARD_LOG_FORMAT:-text}",
      description = "text or json (env COSTGUARD_LOG_FORMAT).")
  LogFormat logFormat;

  @Option(
      names = "--allocation-prometheus-url",
      defaultValue = "${env:COSTGUARD_ALLOCATION_PROMETHEUS_URL:-}",
      description =
          "Prometheus that scrapes the operator; the allocation API answers from its history of the accrued cost counters, else from the operator's own totals (env COSTGUARD_ALLOCATION_PROMETHEUS_URL).")
  String allocationPrometheusUrl;

  @Option(
      names = "--prometheus-allowed-urls",
      defaultValue = "${env:COSTGUARD_PROMETHEUS_ALLOWED_URLS:-}",
      description =
          "Comma-separated Prometheus base URLs that scaling policies may query (env COSTGUARD_PROMETHEUS_ALLOWED_URLS).")
  String prometheusAllowedUrls;

  @Option(
      names = "--default-price-catalog",
      defaultValue = "${env:COSTGUARD_DEFAULT_PRICE_CATALOG:-}",
      description =
          "PriceCatalog used when none is marked default (env COSTGUARD_DEFAULT_PRICE_CATALOG).")
  String defaultPriceCatalog;

  @Option(
      names = "--team-label",
      defaultValue = "${env:COSTGUARD_TEAM_LABEL:-team}",
      description =
          "Namespace or pod label that names the team in cost metrics (env COSTGUARD_TEAM_LABEL).")
  String teamLabel;

  @Option(
      names = "--shutdown-timeout-seconds",
      defaultValue = "${env:COSTGUARD_SHUTDOWN_TIMEOUT_SECONDS:-20}",
      description =
          "How long a graceful shutdown may take (env COSTGUARD_SHUTDOWN_TIMEOUT_SECONDS).")
  long shutdownTimeoutSeconds;

  /** Log formats; the name is the logback appender it selects. */
  public enum LogFormat {
    text,
    json
  }

  @Override
  public Integer call() throws InterruptedException {
    LogFormats.select(logFormat);
    try {
      return runUntilStopped();
    } catch (RuntimeException e) {
      // one log line in the chosen format (JSON: stack_trace in one field), not a raw stack dump
      LoggerFactory.getLogger(RunCommand.class)
          .error("Costguard could not start: {}", e.toString(), e);
      return 1;
    }
  }

  private Integer runUntilStopped() throws InterruptedException {
    OperatorConfig config = toConfig();
    KubernetesClient client = OperatorClient.fromEnvironment();
    CostguardOperator operator = new CostguardOperator(client, config, Clock.systemUTC()).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "costguard-shutdown"));
    stopped.await();
    return 0;
  }

  OperatorConfig toConfig() {
    return new OperatorConfig(
        commaSeparated(watchNamespaces),
        operatorNamespace,
        commaSeparated(protectedNamespaces),
        httpPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        Duration.ofSeconds(resyncSeconds),
        dryRun,
        List.copyOf(commaSeparated(prometheusAllowedUrls)),
        defaultPriceCatalog,
        teamLabel,
        Duration.ofSeconds(shutdownTimeoutSeconds),
        true,
        allocationPrometheusUrl);
  }

  static Set<String> commaSeparated(String value) {
    Set<String> items = new LinkedHashSet<>();
    Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
    return items;
  }
}
