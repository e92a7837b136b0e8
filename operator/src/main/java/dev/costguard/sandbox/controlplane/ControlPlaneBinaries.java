package dev.costguard.sandbox.controlplane;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where {@code make controlplane} ({@code controlplane/build.sh}) put the binaries: the folder
 * named by the system property {@code costguard.controlplane} or the environment variable {@code
 * COSTGUARD_CONTROLPLANE}, holding {@code bin/}, {@code kwok/stages.yaml} and {@code crds/}.
 */
public record ControlPlaneBinaries(Path dir) {
  public static final String PROPERTY = "costguard.controlplane";
  public static final String ENVIRONMENT = "COSTGUARD_CONTROLPLANE";
  static final List<String> COMMANDS =
      List.of(
          "etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "kwok");

  /** The configured folder, checked; empty when none is configured. */
  public static Optional<ControlPlaneBinaries> configured() {
    String dir =
        Optional.ofNullable(System.getProperty(PROPERTY)).orElse(System.getenv(ENVIRONMENT));
    if (dir == null || dir.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(at(Path.of(dir)));
  }

  /** The configured folder, or an error that says how to build one. */
  public static ControlPlaneBinaries require() {
    return configured()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no control plane binaries: run `make controlplane` and set "
                        + ENVIRONMENT
                        + " to the folder it prints (make test-integration and make run-real do both)"));
  }

  public static ControlPlaneBinaries at(Path dir) {
    ControlPlaneBinaries binaries = new ControlPlaneBinaries(dir.toAbsolutePath().normalize());
    for (String command : COMMANDS) {
      if (!Files.isExecutable(binaries.command(command))) {
        throw new IllegalStateException(
            "control plane binary missing: "
                + binaries.command(command)
                + " (run `make controlplane`)");
      }
    }
    return binaries;
  }

  public Path command(String name) {
    return dir.resolve("bin").resolve(name);
  }

  public Path kubectl() {
    return command("kubectl");
  }

  /** kwok's default stages: nodes Ready with a Lease, pods Running, completed, deleted. */
  public Path kwokStages() {
    return dir.resolve("kwok/stages.yaml");
  }

  /** CRDs of other projects taken from their Go modules (KEDA's {@code keda.sh_*.yaml}). */
  public Path crds() {
    return dir.resolve("crds");
  }
}
