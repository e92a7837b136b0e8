package dev.costguard.operator;

import dev.costguard.kube.ProtectedNamespaces;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the operator runs, from flags or environment variables (see {@code costguard run --help}).
 *
 * @param watchNamespaces namespaces whose namespaced resources are watched; empty means all
 * @param operatorNamespace namespace the operator runs in; never touched by policies
 * @param protectedNamespaces namespaces no policy ever changes workloads in, besides kube-system
 *     and the operator's own
 * @param httpPort port of /metrics, /healthz and /readyz (0 picks a free port)
 * @param leaderElection whether to take a Lease before reconciling (needed with several replicas)
 * @param leaseName name of the Lease
 * @param leaseNamespace namespace of the Lease; the operator's namespace when empty
 * @param resyncInterval longest time between two reconciles of a resource
 * @param dryRun global dry run: no policy writes a workload, whatever its mode
 * @param prometheusAllowedUrls base URLs that Prometheus triggers may query
 * @param defaultPriceCatalog name of the catalog used when none is marked default
 * @param teamLabel namespace or pod label whose value is the team in cost metrics
 * @param shutdownTimeout how long a graceful shutdown may take
 * @param exitOnLostLease exit the process when the Lease is lost (true in production, so that a new
 *     leader never races a stale one)
 * @param allocationPrometheusUrl the Prometheus that scrapes the operator, whose history of the
 *     accrued cost counters answers the allocation API; empty for the operator's own totals
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    String operatorNamespace,
    Set<String> protectedNamespaces,
    int httpPort,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    Duration resyncInterval,
    boolean dryRun,
    List<String> prometheusAllowedUrls,
    String defaultPriceCatalog,
    String teamLabel,
    Duration shutdownTimeout,
    boolean exitOnLostLease,
    String allocationPrometheusUrl) {

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
    protectedNamespaces = Set.copyOf(protectedNamespaces);
    prometheusAllowedUrls = List.copyOf(prometheusAllowedUrls);
  }

  /** Defaults for tests and the sandbox: all namespaces, a free port, no leader election. */
  public static OperatorConfig defaults() {
    return new OperatorConfig(
        Set.of(),
        "costguard-system",
        Set.of(),
        0,
        false,
        "costguard-operator",
        "",
        Duration.ofSeconds(60),
        false,
        List.of(),
        "",
        "team",
        Duration.ofSeconds(20),
        false,
        "");
  }

  /**
   * The one guard: kube-system, the operator's namespace and the configured protected namespaces.
   */
  public ProtectedNamespaces protection() {
    Set<String> all = new LinkedHashSet<>(protectedNamespaces);
    if (!operatorNamespace.isBlank()) {
      all.add(operatorNamespace);
    }
    return new ProtectedNamespaces(all);
  }

  public Set<String> allProtectedNamespaces() {
    return protection().names();
  }

  public String effectiveLeaseNamespace() {
    return leaseNamespace.isBlank() ? operatorNamespace : leaseNamespace;
  }

  public OperatorConfig withHttpPort(int port) {
    return new OperatorConfig(
        watchNamespaces,
        operatorNamespace,
        protectedNamespaces,
        port,
        leaderElection,
        leaseName,
        leaseNamespace,
        resyncInterval,
        dryRun,
        prometheusAllowedUrls,
        defaultPriceCatalog,
        teamLabel,
        shutdownTimeout,
        exitOnLostLease,
        allocationPrometheusUrl);
  }

  public OperatorConfig withResyncInterval(Duration interval) {
    return new OperatorConfig(
        watchNamespaces,
        operatorNamespace,
        protectedNamespaces,
        httpPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        interval,
        dryRun,
        prometheusAllowedUrls,
        defaultPriceCatalog,
        teamLabel,
        shutdownTimeout,
        exitOnLostLease,
        allocationPrometheusUrl);
  }

  public OperatorConfig withPrometheusAllowedUrls(List<String> urls) {
    return new OperatorConfig(
        watchNamespaces,
        operatorNamespace,
        protectedNamespaces,
        httpPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        resyncInterval,
        dryRun,
        urls,
        defaultPriceCatalog,
        teamLabel,
        shutdownTimeout,
        exitOnLostLease,
        allocationPrometheusUrl);
  }

  public OperatorConfig withDryRun(boolean globalDryRun) {
    return new OperatorConfig(
        watchNamespaces,
        operatorNamespace,
        protectedNamespaces,
        httpPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        resyncInterval,
        globalDryRun,
        prometheusAllowedUrls,
        defaultPriceCatalog,
        teamLabel,
        shutdownTimeout,
        exitOnLostLease,
        allocationPrometheusUrl);
  }

  public OperatorConfig withAllocationPrometheusUrl(String url) {
    return new OperatorConfig(
        watchNamespaces,
        operatorNamespace,
        protectedNamespaces,
        httpPort,
        leaderElection,
        leaseName,
        leaseNamespace,
        resyncInterval,
        dryRun,
        prometheusAllowedUrls,
        defaultPriceCatalog,
        teamLabel,
        shutdownTimeout,
        exitOnLostLease,
        url);
  }
}
