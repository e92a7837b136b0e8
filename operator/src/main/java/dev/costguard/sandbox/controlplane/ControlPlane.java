package dev.costguard.sandbox.controlplane;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on the loopback address, built from source by {@code make
 * controlplane}: etcd, kube-apiserver (client-certificate and service-account token authentication,
 * RBAC authorization), kube-controller-manager, kube-scheduler, and kwok, which plays the kubelet
 * of every node so pods get scheduled and become Running without containers.
 *
 * <p>Ports are picked free at start, so parallel runs do not collide. {@link #close()} stops every
 * process it started (with their children); a JVM shutdown hook does the same when a run is
 * interrupted. Logs of each process are under {@code <workDir>/logs}.
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /** The annotation that hands a node to kwok (the one kwokctl uses). */
  public static final String KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";

  private final ControlPlaneBinaries binaries;
  private final Path workDir;
  private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
  private final Thread shutdownHook = new Thread(this::stopProcesses, "control-plane-shutdown");
  private Pki pki;
  private int apiPort;
  private Path kubeconfig;

  private ControlPlane(ControlPlaneBinaries binaries, Path workDir) {
    this.binaries = binaries;
    this.workDir = workDir.toAbsolutePath();
  }

  /** Starts everything and returns once the API server is ready and controllers run. */
  public static ControlPlane start(ControlPlaneBinaries binaries, Path workDir) {
    ControlPlane plane = new ControlPlane(binaries, workDir);
    Runtime.getRuntime().addShutdownHook(plane.shutdownHook);
    try {
      plane.startAll();
      return plane;
    } catch (RuntimeException | Error e) {
      plane.close();
      throw e;
    }
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public String url() {
    return "https://127.0.0.1:" + apiPort;
  }

  public ControlPlaneBinaries binaries() {
    return binaries;
  }

  public Path workDir() {
    return workDir;
  }

  /** The CA that signed the API server's serving certificate (for clients with a token). */
  public Path caCertificate() {
    return pki.caCert();
  }

  /** Cluster-admin (system:masters) client configuration. */
  public Config adminConfig() {
    return Config.fromKubeconfig(null, read(kubeconfig), kubeconfig.toString());
  }

  /** A new cluster-admin client; the caller closes it. */
  public KubernetesClient adminClient() {
    return new KubernetesClientBuilder().withConfig(adminConfig()).build();
  }

  /** A client configuration that authenticates with a bearer token (a service account's). */
  public Config tokenConfig(String token) {
    Config config = Config.empty();
    config.setMasterUrl(url());
    config.setCaCertFile(pki.caCert().toString());
    config.setOauthToken(token);
    return config;
  }

  /**
   * Writes a kubeconfig that authenticates with a bearer token, for kubectl or a second process.
   */
  public Path writeTokenKubeconfig(Path file, String token) {
    return writeKubeconfig(file, "token: " + token);
  }

  private void startAll() {
    Instant started = Instant.now();
    try {
      Files.createDirectories(workDir.resolve("logs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pki = Pki.create(workDir.resolve("pki"));
    int etcdPort = freePort();
    int etcdPeerPort = freePort();
    apiPort = freePort();

    start(
        "etcd",
        List.of(
            binaries.command("etcd").toString(),
            "--name=costguard",
            "--data-dir=" + workDir.resolve("etcd"),
            "--listen-client-urls=http://127.0.0.1:" + etcdPort,
            "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
            "--listen-peer-urls=http://127.0.0.1:" + etcdPeerPort,
            "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeerPort,
            "--initial-cluster=costguard=http://127.0.0.1:" + etcdPeerPort,
            // a test cluster: speed over durability
            "--unsafe-no-fsync=true",
            "--log-level=warn"));
    waitFor("etcd health", () -> httpOk("http://127.0.0.1:" + etcdPort + "/health"));

    start(
        "kube-apiserver",
        List.of(
            binaries.command("kube-apiserver").toString(),
            "--etcd-servers=http://127.0.0.1:" + etcdPort,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            // a loopback advertise address is refused by the endpoint reconciler; nothing in the
            // cluster needs the kubernetes Service's endpoints (there is no pod network)
            "--endpoint-reconciler-type=none",
            "--secure-port=" + apiPort,
            "--tls-cert-file=" + pki.servingCert(),
            "--tls-private-key-file=" + pki.servingKey(),
            "--client-ca-file=" + pki.caCert(),
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-account-key-file=" + pki.serviceAccountPublicKey(),
            "--service-account-signing-key-file=" + pki.serviceAccountKey(),
            "--service-cluster-ip-range=10.96.0.0/16",
            "--authorization-mode=RBAC",
            "--allow-privileged=true",
            "--profiling=false",
            "--event-ttl=1h",
            // every request a service account makes, with its response code: tests read 403s from
            // it
            "--audit-policy-file=" + writeAuditPolicy(),
            "--audit-log-path=" + auditLog(),
            "--audit-log-format=json",
            "--audit-log-mode=blocking",
            "--v=1"));
    kubeconfig =
        writeKubeconfig(
            workDir.resolve("kubeconfig"),
            "client-certificate-data: "
                + base64(pki.adminCert())
                + "\n    client-key-data: "
                + base64(pki.adminKey()));
    try (KubernetesClient admin = adminClient()) {
      waitFor("kube-apiserver /readyz", () -> "ok".equals(quietly(() -> admin.raw("/readyz"))));

      start(
          "kube-controller-manager",
          List.of(
              binaries.command("kube-controller-manager").toString(),
              "--kubeconfig=" + kubeconfig,
              "--secure-port=0",
              "--leader-elect=false",
              "--service-account-private-key-file=" + pki.serviceAccountKey(),
              "--root-ca-file=" + pki.caCert(),
              "--cluster-name=costguard-test",
              // HPA: no metrics API here; tests and the sandbox set the HPA's status themselves
              "--horizontal-pod-autoscaler-sync-period=5s",
              "--v=1"));
      start(
          "kube-scheduler",
          List.of(
              binaries.command("kube-scheduler").toString(),
              "--kubeconfig=" + kubeconfig,
              "--secure-port=0",
              "--leader-elect=false",
              "--v=1"));
      start(
          "kwok",
          List.of(
              binaries.command("kwok").toString(),
              "--kubeconfig=" + kubeconfig,
              "--config=" + binaries.kwokStages(),
              "--manage-all-nodes=false",
              "--manage-nodes-with-annotation-selector=" + KWOK_NODE_ANNOTATION + "=fake",
              "--node-lease-duration-seconds=40",
              "--cidr=10.244.0.0/16",
              "--node-ip=10.0.0.1"));
      // The service-account controller has run once the default namespace has its account.
      waitFor(
          "kube-controller-manager (default service account)",
          () ->
              quietly(
                      () ->
                          admin.serviceAccounts().inNamespace("default").withName("default").get())
                  != null);
    }
    LOG.info(
        "control plane ready at {} in {}s (kubeconfig {})",
        url(),
        Duration.between(started, Instant.now()).toSeconds(),
        kubeconfig);
  }

  /** The API server's audit log: one JSON event per request made by a service account. */
  public Path auditLog() {
    return workDir.resolve("logs/audit.log");
  }

  /** The audit events so far, oldest first. */
  public List<AuditEvent> auditEvents() {
    if (!Files.exists(auditLog())) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(auditLog())) {
      return lines.filter(l -> !l.isBlank()).map(AuditEvent::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path writeAuditPolicy() {
    Path policy = workDir.resolve("audit-policy.yaml");
    try {
      Files.writeString(
          policy,
          """
          apiVersion: audit.k8s.io/v1
          kind: Policy
          omitStages: [RequestReceived]
          rules:
          - level: Metadata
            userGroups: ["system:serviceaccounts"]
          - level: None
          """);
      return policy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void start(String name, List<String> command) {
    Path log = workDir.resolve("logs").resolve(name + ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      processes.add(process);
      LOG.debug("started {} (pid {})", name, process.pid());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  private void waitFor(String what, BooleanSupplier ready) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (!ready.getAsBoolean()) {
      for (Process process : List.copyOf(processes)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "a control plane process exited with "
                  + process.exitValue()
                  + " while waiting for "
                  + what
                  + "; logs in "
                  + workDir.resolve("logs"));
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "timed out waiting for " + what + "; logs in " + workDir.resolve("logs"));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  private Path writeKubeconfig(Path file, String credentials) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: costguard-test
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: costguard-test
          user:
            %s
        contexts:
        - name: costguard-test
          context: {cluster: costguard-test, user: costguard-test, namespace: default}
        current-context: costguard-test
        """
            .formatted(url(), base64(pki.caCert()), credentials);
    try {
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops every process this control plane started, newest first, with their children. */
  @Override
  public void close() {
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or ran: nothing left to do
    }
  }

  private void stopProcesses() {
    List<Process> running;
    synchronized (processes) {
      running = new ArrayList<>(processes);
      processes.clear();
    }
    Collections.reverse(running);
    for (Process process : running) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
    for (Process process : running) {
      try {
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean httpOk(String url) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static <T> T quietly(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String base64(Path file) {
    return Base64.getEncoder()
        .encodeToString(read(file).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
