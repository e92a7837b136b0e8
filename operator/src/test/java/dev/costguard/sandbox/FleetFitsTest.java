package dev.costguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated fleet at the example policies' maximum replicas: every GPU request fits a node of
 * its model, the fine-tuning job runs on the on-prem pool the example catalog prices, and a pod
 * with no room waits Pending until room frees, as with a real scheduler.
 */
class FleetFitsTest {
  private MockCluster cluster;
  private KubernetesClient client;
  private FleetSimulator fleet;

  @BeforeEach
  void seed() {
    cluster = MockCluster.start();
    client = cluster.client();
    Manifests.apply(client, FleetSeed.objects());
    fleet =
        new FleetSimulator(
            client, Clock.fixed(Instant.parse("2026-06-10T10:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void atTheExamplePoliciesMaximumEveryPodRunsAndNoNodeIsOvercommitted() {
    scale("ml-inference", "vllm-llama", 4); // scalingpolicy-vllm-gpu.yaml maxReplicas
    scale("ml-inference", "chat-inference", 8); // scalingpolicy-chat-inference.yaml maxReplicas
    fleet.step();

    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    assertThat(pods)
        .as("pods left Pending")
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
    Map<String, Double> gpusByNode = new HashMap<>();
    Map<String, Double> cpuByNode = new HashMap<>();
    for (Pod pod : pods) {
      pod.getSpec()
          .getContainers()
          .forEach(
              c -> {
                gpusByNode.merge(
                    pod.getSpec().getNodeName(),
                    amount(c.getResources().getRequests().get("nvidia.com/gpu")),
                    Double::sum);
                cpuByNode.merge(
                    pod.getSpec().getNodeName(),
                    amount(c.getResources().getRequests().get("cpu")),
                    Double::sum);
              });
    }
    for (Node node : client.nodes().list().getItems()) {
      Map<String, Quantity> allocatable = node.getStatus().getAllocatable();
      String name = node.getMetadata().getName();
      assertThat(gpusByNode.getOrDefault(name, 0.0))
          .as("GPUs requested on %s", name)
          .isLessThanOrEqualTo(amount(allocatable.get("nvidia.com/gpu")));
      assertThat(cpuByNode.getOrDefault(name, 0.0))
          .as("CPU requested on %s", name)
          .isLessThanOrEqualTo(amount(allocatable.get("cpu")));
    }
  }

  @Test
  void fineTuningRunsOnTheOnPremPoolThatTheExampleCatalogPricesPerNode() {
    fleet.step();

    List<String> nodes =
        client
            .pods()
            .inNamespace("ml-training")
            .withLabel("app", "llm-finetune")
            .list()
            .getItems()
            .stream()
            .map(p -> p.getSpec().getNodeName())
            .toList();
    assertThat(nodes).hasSize(2).containsOnly("onprem-dgx-1");
    PriceCatalog catalog =
        Manifests.read(client, RepoPaths.examples()).stream()
            .filter(o -> o.getKind().equals("PriceCatalog"))
            .map(o -> Serialization.jsonMapper().convertValue(o, PriceCatalog.class))
            .findFirst()
            .orElseThrow();
    Map<String, String> poolSelector =
        catalog.getSpec().nodePools.stream()
            .filter(p -> p.name.equals(FleetSeed.ONPREM_POOL))
            .findFirst()
            .orElseThrow()
            .nodeSelector;
    assertThat(client.nodes().withName("onprem-dgx-1").get().getMetadata().getLabels())
        .containsAllEntriesOf(poolSelector);
  }

  @Test
  void aPodWithNoRoomWaitsPendingUntilRoomFrees() {
    // 8 A100 on gpu-a100-1 and the on-prem pool's 8 taken by fine-tuning: the ninth vLLM waits.
    scale("ml-inference", "vllm-llama", 9);
    fleet.step();
    assertThat(phaseOf("ml-inference", "vllm-llama-8")).isEqualTo("Pending");
    assertThat(
            client
                .pods()
                .inNamespace("ml-inference")
                .withName("vllm-llama-8")
                .get()
                .getSpec()
                .getNodeName())
        .isNull();

    scale("ml-training", "llm-finetune", 1);
    fleet.step();
    fleet.step(); // whichever workload the step visits first, the freed GPUs are seen by now
    Pod placed = client.pods().inNamespace("ml-inference").withName("vllm-llama-8").get();
    assertThat(placed.getStatus().getPhase()).isEqualTo("Running");
    assertThat(placed.getSpec().getNodeName()).isEqualTo("onprem-dgx-1");
  }

  private void scale(String namespace, String name, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            d -> {
              d.getSpec().setReplicas(replicas);
              return d;
            });
  }

  private String phaseOf(String namespace, String pod) {
    return client.pods().inNamespace(namespace).withName(pod).get().getStatus().getPhase();
  }

  private static double amount(Quantity quantity) {
    return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).doubleValue();
  }
}
