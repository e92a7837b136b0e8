package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.sandbox.ApiRequest;
import dev.costguard.sandbox.MockCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadPatcherTest {
  private MockCluster cluster;
  private WorkloadPatcher patcher;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    patcher =
        new WorkloadPatcher(
            cluster.client(), new ProtectedNamespaces(Set.of("costguard-system")), events());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theChangeAndItsOriginalTravelInOneMergePatch() {
    Deployment api = create(3);
    cluster.drainRequests();
    Deployment asleep =
        patcher.hold(api, "ShutdownSchedule/nightly", Map.of("/spec/replicas", IntNode.valueOf(0)));
    List<ApiRequest> writes = cluster.drainRequests().stream().filter(ApiRequest::isWrite).toList();
    assertThat(writes).hasSize(1);
    assertThat(writes.get(0).method()).isEqualTo("PATCH");
    assertThat(writes.get(0).contentType()).contains("merge-patch");
    assertThat(writes.get(0).path()).contains("fieldManager=costguard");
    assertThat(writes.get(0).body())
        .contains("\"replicas\":0")
        .contains(CostguardApi.ORIGINAL_ANNOTATION)
        .contains("resourceVersion");
    assertThat(asleep.getSpec().getReplicas()).isZero();
  }

  @Test
  void holdingWhatIsAlreadyHeldWritesNothing() {
    Deployment asleep =
        patcher.hold(
            create(3), "ShutdownSchedule/nightly", Map.of("/spec/replicas", IntNode.valueOf(0)));
    cluster.drainRequests();
    patcher.hold(asleep, "ShutdownSchedule/nightly", Map.of("/spec/replicas", IntNode.valueOf(0)));
    assertThat(cluster.drainRequests()).isEmpty();
  }

  @Test
  void releaseRestoresExactlyAndRemovesTheAnnotation() {
    Deployment asleep =
        patcher.hold(
            create(3), "ShutdownSchedule/nightly", Map.of("/spec/replicas", IntNode.valueOf(0)));
    Deployment awake = patcher.release(asleep, "ShutdownSchedule/nightly").workload();
    assertThat(awake.getSpec().getReplicas()).isEqualTo(3);
    // The merge patch sends the annotation as null; the API server removes it, the mock keeps a
    // null.
    assertThat(awake.getMetadata().getAnnotations().get(CostguardApi.ORIGINAL_ANNOTATION)).isNull();
  }

  @Test
  void aStaleReadIsRejectedInsteadOfOverwritingAPersonsChange() {
    Deployment stale = create(3);
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace("dev")
        .withName("api")
        .edit(
            d -> {
              d.getSpec().setReplicas(5);
              return d;
            });
    assertThatThrownBy(
            () ->
                patcher.hold(
                    stale,
                    "ShutdownSchedule/nightly",
                    Map.of("/spec/replicas", IntNode.valueOf(0))))
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(409));
  }

  @ParameterizedTest
  @ValueSource(strings = {"kube-system", "costguard-system"})
  void noWriteReachesAProtectedNamespace(String namespace) {
    Deployment coredns = create(namespace, "coredns", 2);
    cluster.drainRequests();
    assertThatThrownBy(
            () ->
                patcher.hold(
                    coredns, "ScalingPolicy/p", Map.of("/spec/replicas", IntNode.valueOf(5))))
        .isInstanceOf(ProtectedNamespaceException.class)
        .satisfies(
            e ->
                assertThat(((KubernetesClientException) e).getStatus().getReason())
                    .isEqualTo("ProtectedNamespace"));
    assertThatThrownBy(() -> patcher.set(coredns, Map.of("/spec/replicas", IntNode.valueOf(0))))
        .isInstanceOf(ProtectedNamespaceException.class);
    assertThat(cluster.drainRequests()).noneMatch(ApiRequest::isWrite);
    assertThat(
            cluster
                .client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("coredns")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
  }

  @Test
  void aHoldTakenBeforeTheNamespaceBecameProtectedIsStillReleased() {
    Deployment held =
        new WorkloadPatcher(cluster.client(), new ProtectedNamespaces(Set.of()), events())
            .hold(
                create("payments", "api", 3),
                "ShutdownSchedule/nightly",
                Map.of("/spec/replicas", IntNode.valueOf(0)));
    WorkloadPatcher protecting =
        new WorkloadPatcher(
            cluster.client(), new ProtectedNamespaces(Set.of("payments")), events());
    assertThat(
            protecting.release(held, "ShutdownSchedule/nightly").workload().getSpec().getReplicas())
        .isEqualTo(3);
  }

  @Test
  void aRestoreWritesOnlyTheFieldsCostguardHoldsAndReportsTheRest() {
    Deployment api = create(3);
    String injected =
        """
        [{"holder":"ShutdownSchedule/nightly","fields":{
          "/spec/replicas":{"original":3,"applied":0},
          "/spec/template/spec/serviceAccountName":{"original":"cluster-admin-sa","applied":null},
          "/spec/template/spec/nodeSelector":{"original":"not-an-object","applied":null}}}]""";
    Deployment asleep =
        cluster
            .client()
            .apps()
            .deployments()
            .inNamespace("dev")
            .withName("api")
            .edit(
                d -> {
                  d.getSpec().setReplicas(0);
                  d.getMetadata()
                      .setAnnotations(
                          new java.util.HashMap<>(
                              Map.of(CostguardApi.ORIGINAL_ANNOTATION, injected)));
                  return d;
                });

    WorkloadPatcher.Released<Deployment> released =
        patcher.release(asleep, "ShutdownSchedule/nightly");

    Deployment awake =
        cluster.client().apps().deployments().inNamespace("dev").withName("api").get();
    assertThat(awake.getSpec().getReplicas()).isEqualTo(3);
    assertThat(Serialization.asJson(awake)).doesNotContain("serviceAccountName");
    assertThat(awake.getMetadata().getAnnotations().get(CostguardApi.ORIGINAL_ANNOTATION)).isNull();
    assertThat(released.ignored())
        .satisfiesExactlyInAnyOrder(
            why ->
                assertThat(why)
                    .contains("serviceAccountName is not a field Costguard holds on a Deployment"),
            why -> assertThat(why).contains("nodeSelector must be an object"));
    assertThat(cluster.client().v1().events().inNamespace("dev").list().getItems())
        .anyMatch(
            e ->
                e.getType().equals("Warning")
                    && e.getReason().equals(WorkloadPatcher.IGNORED_ORIGINAL_FIELD)
                    && e.getMessage().contains("serviceAccountName"));
  }

  @Test
  void aReplicaCountOfTheWrongTypeIsNotRestored() {
    create(3);
    Deployment asleep =
        cluster
            .client()
            .apps()
            .deployments()
            .inNamespace("dev")
            .withName("api")
            .edit(
                d -> {
                  d.getSpec().setReplicas(0);
                  d.getMetadata()
                      .setAnnotations(
                          new java.util.HashMap<>(
                              Map.of(
                                  CostguardApi.ORIGINAL_ANNOTATION,
                                  "[{\"holder\":\"ShutdownSchedule/nightly\",\"fields\":{\"/spec/replicas\":{\"original\":-5,\"applied\":0}}}]")));
                  return d;
                });
    assertThat(patcher.release(asleep, "ShutdownSchedule/nightly").ignored())
        .singleElement()
        .asString()
        .contains("/spec/replicas must be an integer from 0");
    assertThat(
            cluster
                .client()
                .apps()
                .deployments()
                .inNamespace("dev")
                .withName("api")
                .get()
                .getSpec()
                .getReplicas())
        .isZero();
  }

  @Test
  void aHoldOutsideTheAllowListIsABug() {
    assertThatThrownBy(
            () ->
                patcher.hold(
                    create(3),
                    "ShutdownSchedule/nightly",
                    Map.of(
                        "/spec/template/spec/serviceAccountName",
                        com.fasterxml.jackson.databind.node.TextNode.valueOf("x"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private EventRecorder events() {
    return new EventRecorder(
        cluster.client(), java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5));
  }

  private Deployment create(int replicas) {
    return create("dev", "api", replicas);
  }

  private Deployment create(String namespace, String name, int replicas) {
    return cluster
        .client()
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .endSpec()
                .build())
        .create();
  }
}
