package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What the cluster view reads right after Costguard wrote, and how it finds what a holder holds.
 */
class ViewStoreTest {
  private static final String HELD =
      "[{\"holder\":\"ShutdownSchedule/nights\",\"fields\":{\"/spec/replicas\":{\"original\":3,\"applied\":0}}}]";

  private final ViewStore<Deployment> store =
      new ViewStore<>(
          UnaryOperator.identity(), Map.of(ClusterView.BY_HOLDER, ClusterView::holdersOf));

  @Test
  void readsItsOwnWriteUntilTheWatchDeliversIt() {
    store.put("ml/api", deployment("10", 3, null));
    store.remember(deployment("11", 0, HELD));

    assertThat(replicas(store.current("ml/api")))
        .as("the informer still has version 10")
        .isEqualTo(0);
    assertThat(store.byIndex(ClusterView.BY_HOLDER, "ShutdownSchedule/nights")).hasSize(1);

    store.put(
        "ml/api", deployment("10", 3, null)); // a late event of the older version changes nothing
    assertThat(replicas(store.current("ml/api"))).isEqualTo(0);

    store.put(
        "ml/api",
        deployment("12", 5, HELD)); // the watch caught up, with a person's change after it
    assertThat(replicas(store.current("ml/api"))).isEqualTo(5);
  }

  @Test
  void aReleasedWorkloadLeavesTheHolderIndex() {
    store.put("ml/api", deployment("10", 0, HELD));
    assertThat(store.byIndex(ClusterView.BY_HOLDER, "ShutdownSchedule/nights")).hasSize(1);

    store.put("ml/api", deployment("11", 3, null));
    assertThat(store.byIndex(ClusterView.BY_HOLDER, "ShutdownSchedule/nights")).isEmpty();

    store.remove("ml/api");
    assertThat(store.inNamespace("ml")).isEmpty();
  }

  @Test
  void anUnreadableAnnotationIndexesNoHolderAndStopsNothing() {
    store.put("ml/api", deployment("10", 3, "not json"));
    assertThat(store.inNamespace("ml")).hasSize(1);
    assertThat(store.byIndex(ClusterView.BY_HOLDER, "ShutdownSchedule/nights")).isEmpty();
  }

  @Test
  void aWriteToAnObjectOutsideTheInformersScopeIsNotKept() {
    store.remember(deployment("11", 0, HELD));
    assertThat(store.current("ml/api")).isNull();
  }

  private static Deployment deployment(String resourceVersion, int replicas, String original) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace("ml")
        .withName("api")
        .withResourceVersion(resourceVersion)
        .withAnnotations(original == null ? Map.of() : Map.of("costguard.dev/original", original))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .build();
  }

  private static int replicas(HasMetadata deployment) {
    return ((Deployment) deployment).getSpec().getReplicas();
  }
}
