package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.testing.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The walkthrough of docs/testing.md ("kubectl on the real control plane"), as a person runs it
 * against {@code make run-real}: plain kubectl applies the examples, lists everything of the {@code
 * costguard} category, waits for Ready, describes a budget, explains its spec and scales a
 * workload. Run with the kubectl built with the control plane and, when installed, the machine's
 * {@code /usr/bin/kubectl} as well (outside the supported version skew, so it is a courtesy check).
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
class KubectlWalkthroughOnRealClusterTest {
  private static final String NS = "ml-inference";
  // A Sunday night: the chat policy's business-hours minimum is not in force.
  private static final Instant START = Instant.parse("2030-06-16T03:00:00Z");
  private static final Path SYSTEM_KUBECTL = Path.of("/usr/bin/kubectl");

  private static ClusterOperator operator;

  @BeforeAll
  static void start() {
    operator =
        new ClusterOperator(
                RealCluster.operatorAccountConfig(), ClusterOperator.testConfig(), START)
            .start();
  }

  @AfterAll
  static void cleanUp() {
    // Budgets and schedules have finalizers: delete them while the operator still runs.
    RealCluster.kubectl()
        .run(
            "delete",
            "-f",
            RepoPaths.examples().toString(),
            "--ignore-not-found",
            "--wait=true",
            "--timeout=90s")
        .ok();
    operator.close();
    RealCluster.kubectl().run("delete", "deployment", "chat-inference", "-n", NS).ok();
  }

  static List<Kubectl> kubectls() {
    List<Kubectl> all = new ArrayList<>(List.of(RealCluster.kubectl()));
    if (Files.isExecutable(SYSTEM_KUBECTL)) {
      all.add(new Kubectl(SYSTEM_KUBECTL, RealCluster.controlPlane().kubeconfig()));
    }
    return all;
  }

  @Test
  void aPersonWalksThroughTheExamplesWithPlainKubectl() throws Exception {
    Kubectl kubectl = RealCluster.kubectl();
    for (String namespace : exampleNamespaces()) {
      kubectl
          .runWithInput(
              "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + namespace + "}\n",
              "apply",
              "-f",
              "-")
          .ok();
    }
    if (kubectl
        .run("get", "deployment", "chat-inference", "-n", NS, "--ignore-not-found")
        .ok()
        .output()
        .isBlank()) {
      kubectl
          .run("create", "deployment", "chat-inference", "--image=chat", "--replicas=2", "-n", NS)
          .ok();
    }

    for (Kubectl k : kubectls()) {
      String applied = k.run("apply", "-f", RepoPaths.examples().toString()).ok().output();
      assertThat(applied)
          .as(k.binary().toString())
          .contains("workloadbudget.costguard.dev/inference-daily")
          .contains("scalingpolicy.costguard.dev/chat-inference")
          .contains("shutdownschedule.costguard.dev/dev-nights-and-weekends")
          .contains("pricecatalog.costguard.dev/cloud-usd");

      String all = k.run("get", "costguard", "-A").ok().output();
      for (String name : exampleNames()) {
        assertThat(all).as(k.binary() + " get costguard").contains(name);
      }

      k.run(
              "wait",
              "--for=condition=Ready",
              "workloadbudget/inference-daily",
              "workloadbudget/team-vision",
              "shutdownschedule/dev-nights-and-weekends",
              "pricecatalog/cloud-usd",
              "--timeout=90s")
          .ok();
      k.run(
              "wait",
              "--for=condition=Ready",
              "scalingpolicy/chat-inference",
              "-n",
              NS,
              "--timeout=90s")
          .ok();

      String described = k.run("describe", "workloadbudget", "inference-daily").ok().output();
      assertThat(described)
          .as(k.binary() + " describe")
          .contains("Name:", "inference-daily", "Conditions:", "Ready", "Spec:", "Status:");

      String explained = k.run("explain", "workloadbudget.spec").ok().output();
      assertThat(explained)
          .as(k.binary() + " explain")
          .contains("KIND:", "WorkloadBudget", "limit", "thresholds", "selector");

      String table = k.run("get", "scalingpolicies", "-n", NS).ok().output();
      assertThat(table.lines().findFirst().orElse("")).contains("NAME");
      assertThat(table).contains("chat-inference");

      assertThat(
              k.run("scale", "deployment/chat-inference", "--replicas=3", "-n", NS).ok().output())
          .contains("scaled");
      assertThat(
              k.run(
                      "get",
                      "deployment",
                      "chat-inference",
                      "-n",
                      NS,
                      "-o",
                      "jsonpath={.spec.replicas}")
                  .ok()
                  .output()
                  .trim())
          .isEqualTo("3");
    }
  }

  private static final Pattern TOP_NAME = Pattern.compile("(?m)^  name:\\s*(\\S+)\\s*$");
  private static final Pattern TOP_NAMESPACE = Pattern.compile("(?m)^  namespace:\\s*(\\S+)\\s*$");

  /** The names of every Costguard object in examples/ (what {@code get costguard} lists). */
  private static List<String> exampleNames() throws Exception {
    List<String> names = new ArrayList<>();
    for (String document : exampleDocuments()) {
      int metadata = document.indexOf("\nmetadata:");
      Matcher m = TOP_NAME.matcher(document);
      if (document.contains("apiVersion: costguard.dev/") && metadata >= 0 && m.find(metadata)) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Every namespace the examples put objects in, so that applying examples/ finds them. */
  private static Set<String> exampleNamespaces() throws Exception {
    Set<String> namespaces = new TreeSet<>();
    for (String document : exampleDocuments()) {
      Matcher m = TOP_NAMESPACE.matcher(document);
      while (m.find()) {
        namespaces.add(m.group(1));
      }
    }
    return namespaces;
  }

  private static List<String> exampleDocuments() throws Exception {
    List<String> documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(RepoPaths.examples())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        documents.addAll(List.of(("\n" + Files.readString(file)).split("(?m)^---\\s*$")));
      }
    }
    return documents;
  }
}
