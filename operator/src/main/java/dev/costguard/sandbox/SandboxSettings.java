package dev.costguard.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * How the sandbox runs.
 *
 * @param apiPort loopback port of the sandbox API server (kubectl talks to it)
 * @param httpPort port of the operator's /metrics, /healthz and /readyz
 * @param gpuExporterPort port of the simulated DCGM exporter (0 picks a free one)
 * @param prometheusPort port of the sandbox Prometheus
 * @param startPrometheus whether to start Prometheus when the prometheus package is installed
 * @param timeScale how many times faster than real time the sandbox clock runs
 * @param start the sandbox clock's start instant
 * @param examples folder of YAML files applied at start
 * @param stateDir folder for the kubeconfig
 * @param resyncInterval real time between two reconciles of each resource
 * @param summaryInterval real time between two console summaries
 * @param controlPlane the embedded mock API server (instant) or a real control plane with kwok
 *     nodes
 */
public record SandboxSettings(
    int apiPort,
    int httpPort,
    int gpuExporterPort,
    int prometheusPort,
    boolean startPrometheus,
    double timeScale,
    Instant start,
    Path examples,
    Path stateDir,
    Duration resyncInterval,
    Duration summaryInterval,
    ControlPlaneMode controlPlane) {

  /** Where the sandbox's cluster comes from. */
  public enum ControlPlaneMode {
    /** fabric8's mock API server in this JVM: starts at once, no controllers. */
    embedded,
    /**
     * The real control plane of {@code make controlplane}, with kwok nodes: plain kubectl works
     * fully.
     */
    real
  }

  /** The embedded control plane. */
  public SandboxSettings(
      int apiPort,
      int httpPort,
      int gpuExporterPort,
      int prometheusPort,
      boolean startPrometheus,
      double timeScale,
      Instant start,
      Path examples,
      Path stateDir,
      Duration resyncInterval,
      Duration summaryInterval) {
    this(
        apiPort,
        httpPort,
        gpuExporterPort,
        prometheusPort,
        startPrometheus,
        timeScale,
        start,
        examples,
        stateDir,
        resyncInterval,
        summaryInterval,
        ControlPlaneMode.embedded);
  }
}
