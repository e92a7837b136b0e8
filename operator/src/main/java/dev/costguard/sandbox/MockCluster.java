package dev.costguard.sandbox;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
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

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;

  private MockCluster(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Starts on a free loopback port. */
  public static MockCluster start() {
    return start(0);
  }

  /** Starts on the given loopback port (0 picks a free one). */
  public static MockCluster start(int port) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), responses,
            new BodyKeepingDispatcher(responses), false);
    server.init(InetAddress.getLoopbackAddress(), port);
    MockCluster cluster = new MockCluster(server);
    cluster.installCrds();
    cluster.serveDiscovery();
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

  /** Takes every request recorded since the last call (the server keeps them until taken). */
  public List<RecordedRequest> drainRequests() {
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
        requests.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return requests;
  }

  private void installCrds() {
    for (CustomResourceDefinition crd : CustomResourceDefinitions.all()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  /** Discovery documents, also under {@code ?timeout=32s} which kubectl appends. */
  private void serveDiscovery() {
    Map<String, List<APIResource>> groups = new LinkedHashMap<>(BUILT_IN);
    for (CustomResourceDefinition crd : CustomResourceDefinitions.all()) {
      String groupVersion = crd.getSpec().getGroup() + "/" + crd.getSpec().getVersions().get(0).getName();
      groups.computeIfAbsent(groupVersion, k -> new ArrayList<>())
          .add(resource(
              crd.getSpec().getNames().getPlural(), crd.getSpec().getNames().getSingular(),
              crd.getSpec().getNames().getKind(), "Namespaced".equals(crd.getSpec().getScope()),
              crd.getSpec().getNames().getShortNames()));
    }
    serve("/version", new io.fabric8.kubernetes.client.VersionInfo.Builder()
        .withMajor("1").withMinor("32").withGitVersion("v1.32.0-costguard-sandbox")
        .withPlatform("linux/amd64").build());
    serve("/api", new APIVersionsBuilder().withVersions("v1").build());
    APIGroupListBuilder groupList = new APIGroupListBuilder();
    groups.forEach(
        (groupVersion, resources) -> {
          if (groupVersion.equals("v1")) {
            serve("/api/v1", new APIResourceListBuilder().withGroupVersion("v1").withResources(resources).build());
            return;
          }
          String group = groupVersion.substring(0, groupVersion.indexOf('/'));
          String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
          groupList.addToGroups(new APIGroupBuilder()
              .withName(group)
              .withVersions(new GroupVersionForDiscoveryBuilder().withGroupVersion(groupVersion).withVersion(version).build())
              .withPreferredVersion(new GroupVersionForDiscoveryBuilder().withGroupVersion(groupVersion).withVersion(version).build())
              .build());
          serve("/apis/" + groupVersion, new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(resources).build());
        });
    serve("/apis", groupList.build());
  }

  private void serve(String path, Object body) {
    server.expect().get().withPath(path).andReturn(200, body).always();
    server.expect().get().withPath(path + "?timeout=32s").andReturn(200, body).always();
  }

  private static Map<String, List<APIResource>> builtInResources() {
    Map<String, List<APIResource>> groups = new LinkedHashMap<>();
    groups.put("v1", List.of(
        resource("namespaces", "namespace", "Namespace", false, List.of("ns")),
        resource("nodes", "node", "Node", false, List.of("no")),
        resource("pods", "pod", "Pod", true, List.of("po")),
        resource("events", "event", "Event", true, List.of("ev")),
        resource("secrets", "secret", "Secret", true, List.of()),
        resource("configmaps", "configmap", "ConfigMap", true, List.of("cm"))));
    groups.put("apps/v1", List.of(
        resource("deployments", "deployment", "Deployment", true, List.of("deploy")),
        resource("statefulsets", "statefulset", "StatefulSet", true, List.of("sts"))));
    groups.put("batch/v1", List.of(
        resource("cronjobs", "cronjob", "CronJob", true, List.of("cj")),
        resource("jobs", "job", "Job", true, List.of())));
    groups.put("autoscaling/v2", List.of(
        resource("horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, List.of("hpa"))));
    groups.put("keda.sh/v1alpha1", List.of(
        resource("scaledobjects", "scaledobject", "ScaledObject", true, List.of("so"))));
    groups.put("metrics.k8s.io/v1beta1", List.of(
        resource("pods", "", "PodMetrics", true, List.of()),
        resource("nodes", "", "NodeMetrics", false, List.of())));
    groups.put("coordination.k8s.io/v1", List.of(
        resource("leases", "lease", "Lease", true, List.of())));
    groups.put("apiextensions.k8s.io/v1", List.of(
        resource("customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, List.of("crd", "crds"))));
    return groups;
  }

  private static APIResource resource(String plural, String singular, String kind, boolean namespaced, List<String> shortNames) {
    return new APIResourceBuilder()
        .withName(plural).withSingularName(singular).withKind(kind).withNamespaced(namespaced)
        .withShortNames(shortNames)
        .withVerbs("create", "delete", "get", "list", "patch", "update", "watch")
        .build();
  }

  /**
   * The CRUD dispatcher reads request bodies destructively; this one puts the bytes back, so the
   * request log shows what each write carried.
   */
  private static final class BodyKeepingDispatcher extends KubernetesMixedDispatcher {
    BodyKeepingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
      super(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      byte[] body = request.getBody() == null ? null : request.getBody().getBytes();
      try {
        return super.dispatch(request);
      } finally {
        if (body != null && request.getBody().size() == 0) {
          request.getBody().write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
