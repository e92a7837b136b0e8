package dev.costguard.cluster;

import dev.costguard.chart.ChartOperatorAccount;
import dev.costguard.sandbox.controlplane.ControlPlane;
import dev.costguard.sandbox.controlplane.ControlPlaneBinaries;
import dev.costguard.sandbox.controlplane.KwokNode;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real control plane for the whole cluster tier (starting it is the slow part): started by the
 * first test class that needs it, stopped when the test run ends (the root store closes it), and by
 * the launcher's shutdown hook if the run is interrupted.
 *
 * <p>Test classes share it, so each works in namespaces and objects of its own names.
 */
public final class RealCluster implements BeforeAllCallback {
  private static volatile Shared shared;

  /** Set when starting failed: every later test class fails at once instead of starting again. */
  private static Throwable startFailure;

  @Override
  public void beforeAll(ExtensionContext context) {
    shared();
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(RealCluster.class, k -> new Stopper());
  }

  public static ControlPlane controlPlane() {
    return shared().plane;
  }

  /** The cluster-admin client shared by the tests (not to be closed by them). */
  public static KubernetesClient admin() {
    return shared().admin;
  }

  public static Kubectl kubectl() {
    return new Kubectl(shared().plane.binaries().kubectl(), shared().plane.kubeconfig());
  }

  private static synchronized Shared shared() {
    if (startFailure != null) {
      throw new IllegalStateException(
          "the control plane failed to start earlier in this run", startFailure);
    }
    if (shared == null) {
      Path workDir = Path.of("target", "controlplane-" + ProcessHandle.current().pid());
      ControlPlane plane = ControlPlane.start(ControlPlaneBinaries.require(), workDir);
      KubernetesClient admin = plane.adminClient();
      try {
        installCrds(admin);
        shared = new Shared(plane, admin);
        installOperatorAccount(ChartOperatorAccount.manifests());
      } catch (RuntimeException | Error e) {
        startFailure = e;
        shared = null;
        admin.close();
        plane.close();
        throw e;
      }
    }
    return shared;
  }

  /** Costguard's committed CRDs, as {@code kubectl apply -f crds/} would install them. */
  private static void installCrds(KubernetesClient admin) {
    try (Stream<Path> files = Files.list(RepoPaths.crds())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        installCrd(admin, file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates (or replaces) a CRD from a file and waits until the API server serves it. */
  public static void installCrd(KubernetesClient admin, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      CustomResourceDefinition crd =
          admin.apiextensions().v1().customResourceDefinitions().load(in).item();
      admin.resource(crd).forceConflicts().serverSideApply();
      admin
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(RealCluster::established, 60, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Installs a ServiceAccount with its roles and bindings (the chart's, or an altered copy) in the
   * chart's namespace.
   */
  public static void installOperatorAccount(List<HasMetadata> manifests) {
    ensureNamespace(ChartOperatorAccount.NAMESPACE);
    for (HasMetadata item : manifests) {
      if (item.getMetadata().getNamespace() == null
          && !(item instanceof ClusterRole || item instanceof ClusterRoleBinding)) {
        item.getMetadata().setNamespace(ChartOperatorAccount.NAMESPACE);
      }
      admin().resource(item).fieldManager("costguard-tests").forceConflicts().serverSideApply();
    }
  }

  /**
   * A client configuration that authenticates as the chart's operator ServiceAccount through a
   * token (TokenRequest), as the operator does in a pod: every cluster-tier scenario runs under
   * exactly the chart's RBAC.
   */
  public static Config operatorAccountConfig() {
    return serviceAccountConfig(ChartOperatorAccount.serviceAccountName());
  }

  public static Config serviceAccountConfig(String serviceAccount) {
    TokenRequest request =
        admin()
            .serviceAccounts()
            .inNamespace(ChartOperatorAccount.NAMESPACE)
            .withName(serviceAccount)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(24 * 3600L)
                    .endSpec()
                    .build());
    return controlPlane().tokenConfig(request.getStatus().getToken());
  }

  /** Waits until exactly {@code count} pods match, all Running and none terminating. */
  public static void awaitRunningPods(String namespace, String selector, int count) {
    ClusterOperator.awaitValue(
        () -> admin().pods().inNamespace(namespace).withLabelSelector(selector).list().getItems(),
        (List<Pod> pods) ->
            pods.size() == count
                && pods.stream()
                    .allMatch(
                        p ->
                            p.getMetadata().getDeletionTimestamp() == null
                                && "Running".equals(p.getStatus().getPhase())));
  }

  /** Creates the namespace unless it exists. */
  public static void ensureNamespace(String name) {
    if (admin().namespaces().withName(name).get() == null) {
      admin()
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  /** Server-side applies every object of the YAML (as {@code kubectl apply --server-side}). */
  public static List<HasMetadata> apply(String yaml) {
    List<HasMetadata> items =
        admin().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    for (HasMetadata item : items) {
      admin().resource(item).fieldManager("costguard-tests").forceConflicts().serverSideApply();
    }
    return items;
  }

  /** A kwok node with the given labels, as a cloud's node would carry them. */
  public static Node node(String name, Map<String, String> labels, String cpu, String memory) {
    return KwokNode.of(name, labels, List.of(), cpu, memory, 0);
  }

  /** Creates the node unless it exists, and waits until kwok has made it Ready. */
  public static void ensureNode(Node node) {
    String name = node.getMetadata().getName();
    if (admin().nodes().withName(name).get() == null) {
      admin().nodes().resource(node).create();
    }
    admin()
        .nodes()
        .withName(name)
        .waitUntilCondition(
            n ->
                n != null
                    && n.getStatus() != null
                    && n.getStatus().getConditions() != null
                    && n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())),
            60,
            TimeUnit.SECONDS);
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static synchronized void stop() {
    if (shared != null) {
      shared.admin.close();
      shared.plane.close();
      shared = null;
    }
  }

  /** Closed by JUnit when the whole run ends. */
  private static final class Stopper
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      stop();
    }
  }

  private record Shared(ControlPlane plane, KubernetesClient admin) {}
}
