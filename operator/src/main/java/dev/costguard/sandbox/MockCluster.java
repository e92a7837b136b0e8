package dev.costguard.sandbox;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Kubernetes API: fabric8's CRUD mock server with the Costguard CRDs installed and
 * the discovery documents kubectl needs. The sandbox and the end-to-end tests both run on it.
 */
public final class MockCluster implements AutoCloseable {
  /** group/version to resources, for the built-in kinds Costguard and the sandbox use. */
  private static final Map<String, List<APIResource>> BUILT_IN = builtInResources();

  /** The mock server logs every request through java.util.logging; keep only its warnings. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final RecordingDispatcher recorder;
  private final NamespacedKubernetesClient client;

  private MockCluster(KubernetesMockServer server, RecordingDispatcher recorder) {
    this.server = server;
    this.recorder = recorder;
    this.client = server.createClient();
  }

  /** Starts on a free loopback port. */
  public static MockCluster start() {
    return start(0);
  }

  /** Starts on the given loopback port (0 picks a free one). */
  public static MockCluster start(int port) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    RecordingDispatcher recorder =
        new RecordingDispatcher(new KubernetesMixedDispatcher(responses));
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, recorder, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    MockCluster cluster = new MockCluster(server, recorder);
    cluster.installCrds();
    cluster.serveDiscovery();
    cluster.allowEverything();
    return cluster;
  }

  public NamespacedKubernetesClient client() {
    return client;
  }

  public KubernetesMockServer server() {
    return server;
  }

  /** The API server URL, e.g. http://127.0.0.1:6443/. */
  public String url() {
    return server.url("/");
  }

  /**
   * Fault injection for tests: answers the next {@code times} requests that {@code which} selects
   * (every one while {@code times} is negative) with {@code code} and a Kubernetes Status body,
   * without serving them. Watches already open stay open.
   */
  public void failRequests(java.util.function.Predicate<ApiRequest> which, int code, int times) {
    recorder.fail(which, code, times);
  }

  /** Serves every request again. */
  public void clearFailures() {
    recorder.clearFaults();
  }

  /** Takes every request, body included, received since the last call. */
  public List<ApiRequest> drainRequests() {
    try {
      // The server also queues every request until taken; drop that copy, keep ours.
      while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // drained
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return recorder.drain();
  }

  private void installCrds() {
    for (CustomResourceDefinition crd : CustomResourceDefinitions.all()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  /**
   * Installs a CRD Costguard does not own (JobSet, RayJob...) and serves its discovery document, as
   * an API server does once the CRD is established: Costguard looks for optional kinds by
   * discovery, and fabric8 finds a generic resource's plural there. Call before the operator
   * starts, or let its periodic rediscovery find the kind.
   */
  public void installCrd(CustomResourceDefinition crd) {
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    for (var version : crd.getSpec().getVersions()) {
      if (Boolean.FALSE.equals(version.getServed())) {
        continue;
      }
      String groupVersion = crd.getSpec().getGroup() + "/" + version.getName();
      serve(
          "/apis/" + groupVersion,
          new APIResourceListBuilder()
              .withGroupVersion(groupVersion)
              .withResources(
                  resource(
                      crd.getSpec().getNames().getPlural(),
                      crd.getSpec().getNames().getSingular(),
                      crd.getSpec().getNames().getKind(),
                      "Namespaced".equals(crd.getSpec().getScope()),
                      crd.getSpec().getNames().getShortNames()))
              .build());
    }
  }

  /** Discovery documents, also under {@code ?timeout=32s} which kubectl appends. */
  private void serveDiscovery() {
    Map<String, List<APIResource>> groups = new LinkedHashMap<>(BUILT_IN);
    for (CustomResourceDefinition crd : CustomResourceDefinitions.all()) {
      String groupVersion =
          crd.getSpec().getGroup() + "/" + crd.getSpec().getVersions().get(0).getName();
      groups
          .computeIfAbsent(groupVersion, k -> new ArrayList<>())
          .add(
              resource(
                  crd.getSpec().getNames().getPlural(),
                  crd.getSpec().getNames().getSingular(),
                  crd.getSpec().getNames().getKind(),
                  "Namespaced".equals(crd.getSpec().getScope()),
                  crd.getSpec().getNames().getShortNames()));
    }
    serve(
        "/version",
        new io.fabric8.kubernetes.client.VersionInfo.Builder()
            .withMajor("1")
            .withMinor("32")
            .withGitVersion("v1.32.0-costguard-sandbox")
            .withPlatform("linux/amd64")
            .build());
    serve("/api", new APIVersionsBuilder().withVersions("v1").build());
    APIGroupListBuilder groupList = new APIGroupListBuilder();
    groups.forEach(
        (groupVersion, resources) -> {
          if (groupVersion.equals("v1")) {
            serve(
                "/api/v1",
                new APIResourceListBuilder()
                    .withGroupVersion("v1")
                    .withResources(resources)
                    .build());
            return;
          }
          String group = groupVersion.substring(0, groupVersion.indexOf('/'));
          String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
          groupList.addToGroups(
              new APIGroupBuilder()
                  .withName(group)
                  .withVersions(
                      new GroupVersionForDiscoveryBuilder()
                          .withGroupVersion(groupVersion)
                          .withVersion(version)
                          .build())
                  .withPreferredVersion(
                      new GroupVersionForDiscoveryBuilder()
                          .withGroupVersion(groupVersion)
                          .withVersion(version)
                          .build())
                  .build());
          serve(
              "/apis/" + groupVersion,
              new APIResourceListBuilder()
                  .withGroupVersion(groupVersion)
                  .withResources(resources)
                  .build());
        });
    serve("/apis", groupList.build());
  }

  /**
   * Answers the access review java-operator-sdk makes before leader election (plain CRUD would
   * answer 422): the sandbox user may do anything.
   */
  private void allowEverything() {
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("*")
                .withResources("*")
                .withVerbs("*")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
  }

  private void serve(String path, Object body) {
    server.expect().get().withPath(path).andReturn(200, body).always();
    server.expect().get().withPath(path + "?timeout=32s").andReturn(200, body).always();
  }

  private static Map<String, List<APIResource>> builtInResources() {
    Map<String, List<APIResource>> groups = new LinkedHashMap<>();
    groups.put(
        "v1",
        List.of(
            resource("namespaces", "namespace", "Namespace", false, List.of("ns")),
            resource("nodes", "node", "Node", false, List.of("no")),
            resource("pods", "pod", "Pod", true, List.of("po")),
            resource("events", "event", "Event", true, List.of("ev")),
            resource("secrets", "secret", "Secret", true, List.of()),
            resource("configmaps", "configmap", "ConfigMap", true, List.of("cm"))));
    groups.put(
        "apps/v1",
        List.of(
            resource("deployments", "deployment", "Deployment", true, List.of("deploy")),
            resource("statefulsets", "statefulset", "StatefulSet", true, List.of("sts"))));
    groups.put(
        "batch/v1",
        List.of(
            resource("cronjobs", "cronjob", "CronJob", true, List.of("cj")),
            resource("jobs", "job", "Job", true, List.of())));
    groups.put(
        "autoscaling/v2",
        List.of(
            resource(
                "horizontalpodautoscalers",
                "horizontalpodautoscaler",
                "HorizontalPodAutoscaler",
                true,
                List.of("hpa"))));
    groups.put(
        "keda.sh/v1alpha1",
        List.of(resource("scaledobjects", "scaledobject", "ScaledObject", true, List.of("so"))));
    groups.put(
        "metrics.k8s.io/v1beta1",
        List.of(
            resource("pods", "", "PodMetrics", true, List.of()),
            resource("nodes", "", "NodeMetrics", false, List.of())));
    groups.put(
        "coordination.k8s.io/v1", List.of(resource("leases", "lease", "Lease", true, List.of())));
    groups.put(
        "apiextensions.k8s.io/v1",
        List.of(
            resource(
                "customresourcedefinitions",
                "customresourcedefinition",
                "CustomResourceDefinition",
                false,
                List.of("crd", "crds"))));
    return groups;
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  private static APIResource resource(
      String plural, String singular, String kind, boolean namespaced, List<String> shortNames) {
    return new APIResourceBuilder()
        .withName(plural)
        .withSingularName(singular)
        .withKind(kind)
        .withNamespaced(namespaced)
        .withShortNames(shortNames)
        .withVerbs("create", "delete", "get", "list", "patch", "update", "watch")
        .build();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
