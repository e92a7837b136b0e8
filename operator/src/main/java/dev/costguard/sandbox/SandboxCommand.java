package dev.costguard.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code costguard sandbox}: the operator with an embedded cluster, for a laptop. */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "Run Costguard against an embedded sandbox cluster with a simulated AI fleet.")
public final class SandboxCommand implements Callable<Integer> {
  @Option(
      names = "--api-port",
      defaultValue = "16443",
      description = "Loopback port of the sandbox API server (default ${DEFAULT-VALUE}).")
  int apiPort;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "Port of /metrics, /healthz, /readyz (default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--gpu-exporter-port",
      defaultValue = "19400",
      description = "Port of the simulated DCGM GPU exporter (default ${DEFAULT-VALUE}).")
  int gpuExporterPort;

  @Option(
      names = "--prometheus-port",
      defaultValue = "19090",
      description =
          "Port of the sandbox Prometheus, started when the prometheus package is installed (default ${DEFAULT-VALUE}).")
  int prometheusPort;

  @Option(
      names = "--time-scale",
      defaultValue = "60",
      description = "Sandbox clock speed; 60 makes a minute an hour (default ${DEFAULT-VALUE}).")
  double timeScale;

  @Option(names = "--start", description = "Sandbox start time, RFC 3339 (default: now).")
  Instant start;

  @Option(
      names = "--examples",
      defaultValue = "examples",
      description = "Folder of YAML applied at start (default ${DEFAULT-VALUE}).")
  Path examples;

  @Option(
      names = "--state-dir",
      defaultValue = ".sandbox",
      description = "Where the kubeconfig is written (default ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--summary-seconds",
      defaultValue = "5",
      description = "Seconds between console summaries (default ${DEFAULT-VALUE}).")
  long summarySeconds;

  @Option(
      names = "--control-plane",
      defaultValue = "embedded",
      description =
          "embedded (the default: a mock API server in this JVM, starts at once) or real (the control plane "
              + "of `make controlplane` with kwok nodes, found through COSTGUARD_CONTROLPLANE; `make run-real` sets it).")
  SandboxSettings.ControlPlaneMode controlPlane;

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isDirectory(examples)) {
      System.err.println(
          "examples folder not found: "
              + examples.toAbsolutePath()
              + " (run from the repository root or pass --examples)");
      return 2;
    }
    SandboxSettings settings =
        new SandboxSettings(
            apiPort,
            httpPort,
            gpuExporterPort,
            prometheusPort,
            true,
            timeScale,
            start == null ? Instant.now() : start,
            examples,
            stateDir,
            Duration.ofSeconds(5),
            Duration.ofSeconds(summarySeconds),
            controlPlane);
    Sandbox sandbox = new Sandbox(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  stopped.countDown();
                },
                "sandbox-shutdown"));
    System.out.printf(
        """
        Costguard sandbox is running (clock x%s). Ctrl-C stops it.
          kubeconfig: %s
          try:        kubectl --kubeconfig %s get workloadbudgets,scalingpolicies,shutdownschedules,pricecatalogs -A
          metrics:    %s
          prometheus: %s
        """,
        timeScale,
        sandbox.kubeconfig(),
        sandbox.kubeconfig(),
        sandbox.metricsUrl(),
        sandbox
            .prometheusUrl()
            .orElse(
                "not installed; GPU scaling on Prometheus needs it: "
                    + PrometheusServer.INSTALL_HINT));
    stopped.await();
    return 0;
  }
}
