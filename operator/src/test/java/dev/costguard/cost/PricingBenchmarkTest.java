package dev.costguard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.kube.LabelSelectors;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code make bench}: how fast budgets price their pods, and what a cached pod costs in heap. The
 * figures go to the console and to {@code target/bench-results.txt}; docs/budgets.md quotes them.
 *
 * <p>The fleet: 500 nodes (on-demand, spot, H100 and L4 GPU nodes, an on-prem pool) priced by the
 * example catalog, and pods of typical shapes, a tenth with GPUs, half with measured usage.
 */
@Tag("bench")
class PricingBenchmarkTest {
  private static final int NODES = 500;
  private static final int PODS = 1_000_000;
  private static final int ROUNDS = 10;
  private static final int NAMESPACES = 50;
  private static final int HEAP_PODS = 20_000;

  @Test
  void podsPricedPerSecondOnOneCore() throws IOException {
    PriceBook book = PriceBook.of(exampleCatalog().getSpec());
    NodeStore nodes = new NodeStore();
    for (int i = 0; i < NODES; i++) {
      Node node = node(i);
      nodes.put(node.getMetadata().getName(), node);
    }
    Random random = new Random(42);
    PodStore store = new PodStore();
    Map<String, Map<String, PodUsage>> usage = new HashMap<>();
    for (int i = 0; i < PODS; i++) {
      boolean gpu = i % 10 == 0;
      PodRequests requests =
          new PodRequests(
              100 + random.nextInt(8000),
              (128L + random.nextInt(65536)) << 20,
              gpu ? 1 + random.nextInt(4) : 0,
              0);
      String node =
          "node-"
              + (gpu
                  ? random.nextInt(NODES / 10) * 10 + 7 + random.nextInt(2)
                  : random.nextInt(NODES));
      CachedPod pod =
          new CachedPod(
              namespace(i),
              "pod-" + i,
              Map.of("app", "app-" + (i % 500), "team", "t" + (i % 7)),
              node,
              requests);
      store.put(pod.namespace() + "/" + pod.name(), pod.toPod());
      if (i % 2 == 0) {
        usage
            .computeIfAbsent(pod.namespace(), ns -> new HashMap<>())
            .put(
                pod.name(), new PodUsage(random.nextInt(9000), (long) random.nextInt(70000) << 20));
      }
    }
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(Map.of("team", "t3"));
    // as the budget controller looks usage up: by namespace, then by pod name
    PodCosts.Usages usages =
        pod -> {
          Map<String, PodUsage> inNamespace = usage.get(pod.namespace());
          PodUsage measured = inNamespace == null ? null : inNamespace.get(pod.name());
          return measured == null ? PodUsage.UNKNOWN : measured;
        };

    BigDecimal total = BigDecimal.ZERO;
    for (int round = 0; round < ROUNDS; round++) { // warm-up: let the JIT compile the loop
      total = priceAll(store, pod -> true, book, nodes, usages);
    }
    long start = System.nanoTime();
    for (int round = 0; round < ROUNDS; round++) {
      total = priceAll(store, pod -> true, book, nodes, usages);
    }
    double all = PODS * (double) ROUNDS / ((System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    for (int round = 0; round < ROUNDS; round++) {
      priceAll(store, pod -> LabelSelectors.matches(selector, pod.labels()), book, nodes, usages);
    }
    double selected = PODS * (double) ROUNDS / ((System.nanoTime() - start) / 1e9);

    report(
        String.format(
            "pricing: %,.0f pods priced per second on one thread (%,d cached pods in %d namespaces on %d nodes, %d rounds;"
                + " fleet costs %s USD/h); %,.0f pods per second when a workload selector is matched first",
            all,
            PODS,
            NAMESPACES,
            NODES,
            ROUNDS,
            total.setScale(2, java.math.RoundingMode.HALF_UP),
            selected));
    assertThat(total.signum()).isPositive();
  }

  @Test
  void heapPerCachedPod() throws Exception {
    String template = Files.readString(Path.of("src/test/resources/bench/pod.json"));
    long before = usedHeap();
    List<Pod> full = new ArrayList<>(HEAP_PODS);
    for (int i = 0; i < HEAP_PODS; i++) {
      full.add(
          Serialization.unmarshal(template.replace("POD_INDEX", String.valueOf(i)), Pod.class));
    }
    long withPods = usedHeap();
    PodStore store = new PodStore();
    for (Pod pod : full) {
      store.put(store.getKey(pod), pod);
    }
    full.clear();
    long withProjections = usedHeap();
    double perPod = (withPods - before) / (double) HEAP_PODS;
    double perProjection = (withProjections - before) / (double) HEAP_PODS;
    report(
        String.format(
            "heap: %,.0f bytes per cached Pod as the API sends it (managedFields, status, env) against %,.0f bytes per"
                + " CachedPod in the pruned store (%d pods, %s)",
            perPod, perProjection, store.size(), Runtime.version()));
    assertThat(perProjection).isLessThan(perPod / 5);
  }

  private static String namespace(int pod) {
    return "team-" + (pod % NAMESPACES);
  }

  /** As a budget selecting every namespace prices them: namespace by namespace, from the store. */
  private static BigDecimal priceAll(
      PodStore store,
      java.util.function.Predicate<CachedPod> selected,
      PriceBook book,
      NodeStore nodes,
      PodCosts.Usages usages) {
    BigDecimal total = BigDecimal.ZERO;
    for (int ns = 0; ns < NAMESPACES; ns++) {
      total =
          total.add(
              PodCosts.perHour(store.inNamespace(namespace(ns)), selected, book, nodes, usages));
    }
    return total;
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static Node node(int i) {
    String labels =
        switch (i % 10) {
          case 0, 1, 2, 3 -> "\"karpenter.sh/capacity-type\":\"on-demand\"";
          case 4, 5, 6 -> "\"karpenter.sh/capacity-type\":\"spot\"";
          case 7 -> "\"nvidia.com/gpu.product\":\"NVIDIA-H100-80GB-HBM3\"";
          case 8 ->
              "\"nvidia.com/gpu.product\":\"NVIDIA-L4\",\"cloud.google.com/gke-spot\":\"true\"";
          default -> "\"costguard.dev/pool\":\"onprem-dgx\"";
        };
    return Serialization.unmarshal(
        """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-%d","labels":{%s}},
         "status":{"allocatable":{"cpu":"96","memory":"1024Gi","nvidia.com/gpu":"8"}}}"""
            .formatted(i, labels),
        Node.class);
  }

  private static PriceCatalog exampleCatalog() throws IOException {
    return Serialization.unmarshal(
        Files.readString(RepoPaths.examples().resolve("pricecatalog.yaml")), PriceCatalog.class);
  }

  private static void report(String line) throws IOException {
    System.out.println("BENCH " + line);
    Files.writeString(
        Path.of("target/bench-results.txt"),
        line + System.lineSeparator(),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
