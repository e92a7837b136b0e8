package dev.costguard.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on loopback, scraping the given
 * targets, with a throw-away data directory. Used by the sandbox and the integration tests.
 */
public final class PrometheusServer implements AutoCloseable {
  public static final String INSTALL_HINT = "apt-get install -y prometheus";

  private final Process process;
  private final Path dataDir;
  private final int port;

  private PrometheusServer(Process process, Path dataDir, int port) {
    this.process = process;
    this.dataDir = dataDir;
    this.port = port;
  }

  /** The prometheus binary on PATH, if installed. */
  public static Optional<Path> binary() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .map(dir -> Path.of(dir, "prometheus"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Starts Prometheus on {@code port} (0 picks a free one) scraping each job's {@code host:port}
   * targets every {@code scrapeInterval}, and waits until it answers.
   */
  public static PrometheusServer start(
      int port, Map<String, List<String>> jobs, Duration scrapeInterval) {
    return start(port, config(jobs, scrapeInterval));
  }

  /** Starts Prometheus on {@code port} (0 picks a free one) with a whole prometheus.yml. */
  public static PrometheusServer start(int port, String prometheusYml) {
    Path binary =
        binary()
            .orElseThrow(
                () -> new IllegalStateException("prometheus is not installed: " + INSTALL_HINT));
    try {
      int listenPort = port == 0 ? freePort() : port;
      Path dataDir = Files.createTempDirectory("costguard-prometheus");
      Path config = dataDir.resolve("prometheus.yml");
      Files.writeString(config, prometheusYml);
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dataDir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + listenPort,
                  "--storage.tsdb.retention.time=2h",
                  "--log.level=warn")
              .redirectErrorStream(true)
              .redirectOutput(dataDir.resolve("prometheus.log").toFile())
              .start();
      PrometheusServer server = new PrometheusServer(process, dataDir, listenPort);
      server.awaitReady(Duration.ofSeconds(30));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start prometheus", e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** GETs a path of the HTTP API, e.g. {@code /api/v1/query?query=up}. */
  public String get(String pathAndQuery) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited: " + log());
      }
      try {
        if (get("/-/ready").contains("Ready")) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // still starting
      }
      sleep(200);
    }
    close();
    throw new IllegalStateException("prometheus did not become ready in " + timeout + ": " + log());
  }

  private String log() {
    try {
      return Files.readString(dataDir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static String config(Map<String, List<String>> jobs, Duration scrapeInterval) {
    String scrapeConfigs =
        jobs.entrySet().stream()
            .map(
                job ->
                    "  - job_name: "
                        + job.getKey()
                        + "\n"
                        + "    static_configs:\n"
                        + "      - targets: ["
                        + job.getValue().stream()
                            .map(t -> "'" + t + "'")
                            .collect(Collectors.joining(", "))
                        + "]\n")
            .collect(Collectors.joining());
    return "global:\n"
        + "  scrape_interval: "
        + scrapeInterval.toMillis()
        + "ms\n"
        + "  evaluation_interval: "
        + scrapeInterval.toMillis()
        + "ms\n"
        + "scrape_configs:\n"
        + scrapeConfigs;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
