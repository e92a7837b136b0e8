package dev.costguard.budget;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.cost.CachedNode;
import dev.costguard.cost.CachedPod;
import dev.costguard.cost.CostRollup;
import dev.costguard.cost.NodeStore;
import dev.costguard.cost.PodCosts;
import dev.costguard.cost.PodStore;
import dev.costguard.cost.PriceBook;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.LabelSelectors;
import dev.costguard.kube.PodMetricsSnapshot;
import dev.costguard.kube.ViewEventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What pricing reads of the cluster, as projections of the shared {@link ClusterView} (which holds
 * the only pod, node, namespace and catalog informers of the process): pods as {@link CachedPod},
 * nodes as {@link CachedNode} with their pricers, kept up to date from the view's changes; pod
 * usage from the metrics API. Its event source maps a pod change to the budgets that select its
 * namespace, and a node, namespace or catalog change to every budget (they are rare).
 */
public final class FleetCache {
  private final ClusterView view;
  private final PodStore pods = new PodStore();
  private final NodeStore nodes = new NodeStore();
  private final PodUsages usages;

  /**
   * @param view the shared cluster view; the projections follow its changes from construction on
   * @param metrics the shared pod-metrics snapshot, for pods that use more than they request
   */
  public FleetCache(ClusterView view, PodMetricsSnapshot metrics) {
    this.view = view;
    this.usages = new PodUsages(metrics);
    view.onChange(this::follow);
    view.nodes().forEach(n -> nodes.put(nodes.getKey(n), n));
    view.pods().forEach(p -> pods.put(pods.getKey(p), p));
  }

  private void follow(ClusterView.Change change) {
    if (change.object() instanceof Pod pod) {
      String key = pods.getKey(pod);
      if (change.after() == null) {
        pods.remove(key);
      } else {
        pods.put(key, (Pod) change.after());
      }
    } else if (change.object() instanceof Node node) {
      String key = nodes.getKey(node);
      if (change.after() == null) {
        nodes.remove(key);
      } else {
        nodes.put(key, (Node) change.after());
      }
    }
  }

  /**
   * The budget controller's event source: which budgets a change of the view concerns. Called after
   * this cache has followed the change (it registered with the view first).
   */
  EventSource<?, WorkloadBudget> eventSource(EventSourceContext<WorkloadBudget> context) {
    return new ViewEventSource<>(
        "workloadbudget-cluster",
        view,
        change -> {
          HasMetadata before = change.before();
          HasMetadata after = change.after();
          boolean appearedOrWent = before == null || after == null;
          if (change.object() instanceof Pod pod) {
            return appearedOrWent || !CachedPod.of((Pod) before).equals(CachedPod.of((Pod) after))
                ? budgetsSelecting(pod.getMetadata().getNamespace(), context)
                : Set.of();
          }
          if (change.object() instanceof Node) {
            return appearedOrWent || !samePricing((Node) after, (Node) before)
                ? allBudgets(context)
                : Set.of();
          }
          if (change.object() instanceof Namespace) {
            return appearedOrWent || !labels((Namespace) after).equals(labels((Namespace) before))
                ? allBudgets(context)
                : Set.of();
          }
          if (change.object() instanceof PriceCatalog) {
            return appearedOrWent
                    || !Objects.equals(
                        after.getMetadata().getGeneration(), before.getMetadata().getGeneration())
                ? allBudgets(context)
                : Set.of();
          }
          return Set.of();
        });
  }

  /** The cached pods of a namespace. */
  public Collection<CachedPod> podsIn(String namespace) {
    return pods.inNamespace(namespace);
  }

  public Stream<CachedPod> allPods() {
    return pods.all();
  }

  public NodeStore nodes() {
    return nodes;
  }

  public List<Namespace> namespaces() {
    return view.namespaces();
  }

  public Map<String, String> labelsOf(String namespace) {
    return view.namespace(namespace).map(FleetCache::labels).orElse(Map.of());
  }

  public List<PriceCatalog> catalogs() {
    return view.priceCatalogs();
  }

  /** Pod usage as of the shared snapshot (at most its maximum age old). */
  PodCosts.Usages usage() {
    return usages.fresh();
  }

  /** What the pods of these namespaces that match {@code workloadSelector} cost per hour. */
  BigDecimal costPerHour(Set<String> namespaces, LabelSelector workloadSelector, PriceBook book) {
    PodCosts.Usages usage = usage();
    BigDecimal total = BigDecimal.ZERO;
    for (String namespace : namespaces) {
      total =
          total.add(
              PodCosts.perHour(
                  podsIn(namespace),
                  pod ->
                      workloadSelector == null
                          || LabelSelectors.matches(workloadSelector, pod.labels()),
                  book,
                  nodes,
                  usage));
    }
    return total;
  }

  /** What the pods of these namespaces that {@code counted} accepts cost per hour. */
  BigDecimal costPerHour(
      Set<String> namespaces, java.util.function.Predicate<CachedPod> counted, PriceBook book) {
    PodCosts.Usages usage = usage();
    BigDecimal total = BigDecimal.ZERO;
    for (String namespace : namespaces) {
      total = total.add(PodCosts.perHour(podsIn(namespace), counted, book, nodes, usage));
    }
    return total;
  }

  /**
   * Every running pod's cost under {@code book}, by namespace, and every node's price (for idle
   * cost); the team is the namespace's {@code teamLabel}, else the pod's, else empty.
   */
  public CostRollup rollup(PriceBook book, String teamLabel) {
    PodCosts.Usages usage = usage();
    return CostRollup.of(allPods(), nodes, book, this::labelsOf, teamLabel, usage);
  }

  private Set<ResourceID> budgetsSelecting(
      String namespace, EventSourceContext<WorkloadBudget> context) {
    Map<String, String> labels = labelsOf(namespace);
    return context
        .getPrimaryCache()
        .list()
        .filter(b -> b.getSpec() != null && b.getSpec().selector != null)
        .filter(b -> BudgetSelection.selects(b.getSpec().selector, namespace, labels))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static Set<ResourceID> allBudgets(EventSourceContext<WorkloadBudget> context) {
    return context
        .getPrimaryCache()
        .list()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static boolean samePricing(Node now, Node before) {
    CachedNode a = CachedNode.of(now);
    CachedNode b = CachedNode.of(before);
    return a.labels().equals(b.labels())
        && a.taints().equals(b.taints())
        && Objects.equals(
            a.node().getStatus().getAllocatable(), b.node().getStatus().getAllocatable());
  }

  private static Map<String, String> labels(Namespace namespace) {
    return Objects.requireNonNullElse(namespace.getMetadata().getLabels(), Map.of());
  }
}
