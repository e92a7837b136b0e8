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
import dev.costguard.kube.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the budget controller caches of the cluster, and only what pricing needs: pods as {@link
 * CachedPod} projections, nodes as {@link CachedNode}, namespaces as name and labels, price
 * catalogs, and pod usage from the metrics API. The informers are the controller's event sources: a
 * pod change re-evaluates the budgets that select its namespace; a node, namespace or catalog
 * change re-evaluates every budget (they are rare).
 */
public final class FleetCache {
  // metrics-server samples every 15 s; reading it more often finds nothing new
  private static final Duration USAGE_MAX_AGE = Duration.ofSeconds(15);

  private final Set<String> watchNamespaces;
  private final List<PodStore> podStores = new CopyOnWriteArrayList<>();
  private final NodeStore nodes = new NodeStore();
  private final PodUsages usages;
  private volatile InformerEventSource<Namespace, WorkloadBudget> namespaces;
  private volatile InformerEventSource<PriceCatalog, WorkloadBudget> catalogs;

  /**
   * @param watchNamespaces namespaces whose pods are watched; empty for all (the operator's RBAC in
   *     watch-namespaces mode grants pods there only)
   */
  public FleetCache(KubernetesClient client, Clock clock, Set<String> watchNamespaces) {
    this.watchNamespaces = Set.copyOf(watchNamespaces);
    this.usages = new PodUsages(client, clock, watchNamespaces, USAGE_MAX_AGE);
  }

  /** The informers, as event sources of the budget controller. */
  List<EventSource<?, WorkloadBudget>> eventSources(EventSourceContext<WorkloadBudget> context) {
    List<EventSource<?, WorkloadBudget>> sources = new ArrayList<>();
    namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, WorkloadBudget.class)
                .withName("namespaces")
                .withItemStore(new TransformingItemStore<>(FleetCache::nameAndLabels))
                .withSecondaryToPrimaryMapper(ns -> allBudgets(context))
                .withPrimaryToSecondaryMapper(budget -> Set.of())
                .withOnUpdateFilter((now, before) -> !Objects.equals(labels(now), labels(before)))
                .build(),
            context);
    catalogs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PriceCatalog.class, WorkloadBudget.class)
                .withName("pricecatalogs")
                .withSecondaryToPrimaryMapper(catalog -> allBudgets(context))
                .withPrimaryToSecondaryMapper(budget -> Set.of())
                .withOnUpdateFilter(
                    (now, before) ->
                        !Objects.equals(
                            now.getMetadata().getGeneration(),
                            before.getMetadata().getGeneration()))
                .build(),
            context);
    sources.add(namespaces);
    sources.add(catalogs);
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Node.class, WorkloadBudget.class)
                .withName("nodes")
                .withItemStore(nodes)
                .withSecondaryToPrimaryMapper(node -> allBudgets(context))
                .withPrimaryToSecondaryMapper(budget -> Set.of())
                .withOnUpdateFilter((now, before) -> !samePricing(now, before))
                .build(),
            context));
    // One informer, and so one store, per watched namespace: an informer's relist drops from its
    // store whatever it did not list, which would empty the other namespaces of a shared store.
    List<Set<String>> scopes =
        watchNamespaces.isEmpty()
            ? List.of(Set.of())
            : watchNamespaces.stream().sorted().map(Set::of).toList();
    for (Set<String> scope : scopes) {
      PodStore store = new PodStore();
      podStores.add(store);
      var pods =
          InformerEventSourceConfiguration.from(Pod.class, WorkloadBudget.class)
              .withName(scope.isEmpty() ? "pods" : "pods-" + scope.iterator().next())
              .withItemStore(store)
              .withSecondaryToPrimaryMapper(
                  pod -> budgetsSelecting(pod.getMetadata().getNamespace(), context))
              .withPrimaryToSecondaryMapper(budget -> Set.of())
              .withOnUpdateFilter((now, before) -> !CachedPod.of(now).equals(CachedPod.of(before)));
      if (!scope.isEmpty()) {
        pods.withNamespaces(scope);
      }
      sources.add(new InformerEventSource<>(pods.build(), context));
    }
    return sources;
  }

  /** The cached pods of a namespace. */
  public Collection<CachedPod> podsIn(String namespace) {
    for (PodStore store : podStores) {
      Collection<CachedPod> pods = store.inNamespace(namespace);
      if (!pods.isEmpty()) {
        return pods;
      }
    }
    return List.of();
  }

  public Stream<CachedPod> allPods() {
    return podStores.stream().flatMap(PodStore::all);
  }

  public NodeStore nodes() {
    return nodes;
  }

  public List<Namespace> namespaces() {
    return namespaces == null ? List.of() : namespaces.list().toList();
  }

  public Map<String, String> labelsOf(String namespace) {
    return namespaces == null
        ? Map.of()
        : namespaces.get(new ResourceID(namespace)).map(FleetCache::labels).orElse(Map.of());
  }

  public List<PriceCatalog> catalogs() {
    return catalogs == null ? List.of() : catalogs.list().toList();
  }

  /** Pod usage no older than the metrics API's sampling period. */
  PodUsages usage() {
    return usages.fresh();
  }

  /** What the pods of these namespaces that match {@code workloadSelector} cost per hour. */
  BigDecimal costPerHour(Set<String> namespaces, LabelSelector workloadSelector, PriceBook book) {
    PodUsages usage = usage();
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
                  usage::of));
    }
    return total;
  }

  /** What the pods of these namespaces that {@code counted} accepts cost per hour. */
  BigDecimal costPerHour(
      Set<String> namespaces, java.util.function.Predicate<CachedPod> counted, PriceBook book) {
    PodUsages usage = usage();
    BigDecimal total = BigDecimal.ZERO;
    for (String namespace : namespaces) {
      total = total.add(PodCosts.perHour(podsIn(namespace), counted, book, nodes, usage::of));
    }
    return total;
  }

  /**
   * Every running pod's cost under {@code book}, by namespace, and every node's price (for idle
   * cost); the team is the namespace's {@code teamLabel}, else the pod's, else empty.
   */
  public CostRollup rollup(PriceBook book, String teamLabel) {
    PodUsages usage = usage();
    return CostRollup.of(allPods(), nodes, book, this::labelsOf, teamLabel, usage::of);
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

  private static Namespace nameAndLabels(Namespace namespace) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(namespace.getMetadata().getName())
        .withLabels(namespace.getMetadata().getLabels())
        .endMetadata()
        .build();
  }

  private static Map<String, String> labels(Namespace namespace) {
    return Objects.requireNonNullElse(namespace.getMetadata().getLabels(), Map.of());
  }
}
