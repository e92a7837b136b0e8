package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.kube.WorkloadPatcher;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Facts of a real API server that fabric8's CRUD mock gets wrong (docs/testing.md lists them),
 * pinned here so code and tests that work around the mock stay true to the real thing.
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
class WhereTheMockDiffersTest {
  private static final String NS = "mock-differs";
  private static final PatchContext MERGE =
      new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build();

  @BeforeAll
  static void namespace() {
    RealCluster.ensureNamespace(NS);
  }

  private static KubernetesClient admin() {
    return RealCluster.admin();
  }

  @Test
  void aMergePatchNullRemovesTheKey() {
    admin()
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("nulls")
                .withAnnotations(Map.of("keep", "1", "drop", "2"))
                .endMetadata()
                .addToData("a", "1")
                .build())
        .create();
    ConfigMap patched =
        admin()
            .configMaps()
            .inNamespace(NS)
            .withName("nulls")
            .patch(MERGE, "{\"metadata\":{\"annotations\":{\"drop\":null}}}");
    assertThat(patched.getMetadata().getAnnotations()).containsExactly(Map.entry("keep", "1"));
  }

  @Test
  void setBasedSelectorsFilterOnTheServer() {
    for (String app : new String[] {"a", "b", "c"}) {
      admin()
          .configMaps()
          .inNamespace(NS)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("sel-" + app)
                  .withLabels(Map.of("app", app, "suite", "selectors"))
                  .endMetadata()
                  .build())
          .create();
    }
    assertThat(
            admin()
                .configMaps()
                .inNamespace(NS)
                .withLabelSelector("suite=selectors,app in (a,b)")
                .list()
                .getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("sel-a", "sel-b");
    assertThat(
            admin()
                .configMaps()
                .inNamespace(NS)
                .withLabelSelector("suite=selectors,app notin (a,b)")
                .list()
                .getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("sel-c");
  }

  @Test
  void aMergePatchWithAStaleResourceVersionIsAConflict() {
    ConfigMap created =
        admin()
            .configMaps()
            .inNamespace(NS)
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("stale")
                    .endMetadata()
                    .addToData("v", "1")
                    .build())
            .create();
    String stale = created.getMetadata().getResourceVersion();
    admin().configMaps().inNamespace(NS).withName("stale").patch(MERGE, "{\"data\":{\"v\":\"2\"}}");
    assertThatThrownBy(
            () ->
                admin()
                    .configMaps()
                    .inNamespace(NS)
                    .withName("stale")
                    .patch(
                        MERGE,
                        "{\"metadata\":{\"resourceVersion\":\""
                            + stale
                            + "\"},\"data\":{\"v\":\"3\"}}"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  /**
   * A GitOps tool that applies server-side (Argo CD with ServerSideApply=true, Flux always) over a
   * Deployment Costguard holds at 1 replica: Costguard's merge patch made it the owner of
   * spec.replicas, so a plain re-apply is a conflict; a forced apply (what Argo CD and Flux do)
   * puts the Git value back and leaves Costguard's annotation alone, which Costguard then reads as
   * a person's change; a manifest without replicas (the docs' advice) leaves the field to
   * Costguard.
   */
  @Test
  void aGitOpsServerSideApplyOverAWorkloadCostguardHolds() {
    Deployment inGit = gitDeployment(4);
    Deployment applied =
        admin().resource(inGit).fieldManager("argocd-controller").serverSideApply();
    Deployment held = hold("budget:test");
    assertThat(held.getSpec().getReplicas()).isEqualTo(1);
    assertThat(managerOf(held, "f:replicas")).isEqualTo(CostguardApi.FIELD_MANAGER);

    assertThatThrownBy(
            () ->
                admin()
                    .resource(gitDeployment(4))
                    .fieldManager("argocd-controller")
                    .serverSideApply())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getMessage()).contains(".spec.replicas", CostguardApi.FIELD_MANAGER);
            });

    Deployment forced =
        admin()
            .resource(gitDeployment(4))
            .fieldManager("argocd-controller")
            .forceConflicts()
            .serverSideApply();
    assertThat(forced.getSpec().getReplicas()).as("Git's value wins a forced apply").isEqualTo(4);
    assertThat(forced.getMetadata().getAnnotations())
        .as("Costguard's record of the original survives")
        .containsKey(CostguardApi.ORIGINAL_ANNOTATION);

    Deployment heldAgain = hold("budget:other");
    Deployment withoutReplicas = gitDeployment(null);
    Deployment reapplied =
        admin()
            .resource(withoutReplicas)
            .fieldManager("argocd-controller")
            .forceConflicts()
            .serverSideApply();
    assertThat(heldAgain.getSpec().getReplicas()).isEqualTo(1);
    assertThat(reapplied.getSpec().getReplicas())
        .as("a manifest without replicas leaves them to Costguard")
        .isEqualTo(1);
  }

  /**
   * Costguard's hold as the operator makes it: on the latest object, again after a 409 (the
   * Deployment controller writes status between our read and our patch, which bumps the
   * resourceVersion the patch is conditional on; the operator's next reconcile does the same).
   */
  private static Deployment hold(String holder) {
    for (int attempt = 1; ; attempt++) {
      Deployment latest = admin().apps().deployments().inNamespace(NS).withName("gitops").get();
      try {
        return new WorkloadPatcher(
                admin(),
                new dev.costguard.kube.ProtectedNamespaces(java.util.Set.of()),
                new dev.costguard.kube.EventRecorder(
                    admin(), java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5)))
            .hold(latest, holder, Map.of("/spec/replicas", IntNode.valueOf(1)));
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static Deployment gitDeployment(Integer replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("gitops")
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", "gitops")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "gitops")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("app")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The manager that owns a field of spec (by its managedFields key, e.g. {@code f:replicas}). */
  private static String managerOf(Deployment deployment, String specField) {
    return deployment.getMetadata().getManagedFields().stream()
        .filter(m -> m.getFieldsV1() != null && fieldsOf(m).path("f:spec").has(specField))
        .map(ManagedFieldsEntry::getManager)
        .findFirst()
        .orElse(null);
  }

  private static com.fasterxml.jackson.databind.JsonNode fieldsOf(ManagedFieldsEntry entry) {
    return io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
        .valueToTree(entry.getFieldsV1().getAdditionalProperties());
  }
}
