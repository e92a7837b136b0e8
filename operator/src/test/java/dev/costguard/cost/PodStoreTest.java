package dev.costguard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodStoreTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          a running pod holds its node        | node-1 | Running   | node-1
          a pod scheduled but starting holds it | node-1 | Pending | node-1
          an unscheduled pod holds none       | none   | Pending   | none
          a finished pod holds none           | node-1 | Succeeded | none
          a failed pod holds none             | node-1 | Failed    | none
          """)
  void aPodHoldsItsNodeWhileScheduledAndNotFinished(
      String scenario, String node, String phase, String want) {
    assertThat(CachedPod.of(pod("p", node, phase)).nodeName()).isEqualTo(want);
  }

  @Test
  void theProjectionKeepsWhatPricingNeedsAndRebuildsAnEquivalentPod() {
    CachedPod cached = CachedPod.of(pod("trainer", "gpu-1", "Running"));
    assertThat(cached.requests()).isEqualTo(new PodRequests(2500, 8L << 30, 1, 3));
    assertThat(cached.labels()).containsEntry("app", "trainer");
    assertThat(CachedPod.of(cached.toPod())).isEqualTo(cached);
  }

  @Test
  void theStoreKeepsProjectionsByNamespaceAndAnswersTheInformer() {
    PodStore store = new PodStore();
    Pod pod = pod("trainer", "gpu-1", "Running");
    String key = store.getKey(pod);
    assertThat(key).isEqualTo("ml/trainer");
    assertThat(store.put(key, pod)).isNull();
    assertThat(store.inNamespace("ml")).extracting(CachedPod::name).containsExactly("trainer");
    assertThat(store.keySet()).containsExactly("ml/trainer");
    assertThat(CachedPod.of(store.get(key))).isEqualTo(CachedPod.of(pod));
    assertThat(CachedPod.of(store.put(key, pod("trainer", "gpu-2", "Running"))).nodeName())
        .isEqualTo("gpu-1");
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.remove(key)).isNotNull();
    assertThat(store.inNamespace("ml")).isEmpty();
    assertThat(store.get(key)).isNull();
  }

  private static Pod pod(String name, String node, String phase) {
    return Serialization.unmarshal(
        """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"ml","labels":{"app":"%s"},
          "annotations":{"big":"%s"},"managedFields":[{"manager":"kubelet"}]},
         "spec":{%s"containers":[{"name":"main","image":"x","resources":{"requests":{"cpu":"2500m","memory":"8Gi",
           "nvidia.com/gpu":"1","nvidia.com/mig-3g.20gb":"1"}}}]},
         "status":{"phase":"%s"}}"""
            .formatted(
                name,
                name,
                "x".repeat(500),
                node == null ? "" : "\"nodeName\":\"" + node + "\",",
                phase),
        Pod.class);
  }
}
