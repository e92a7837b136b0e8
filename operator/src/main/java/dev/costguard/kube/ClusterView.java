package dev.costguard.kube;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's one read path: watch-based, pruned caches of everything its capabilities read,
 * built once at start and shared by every reconciler. Reconcilers read from here instead of
 * listing; a changed object reaches the reconcilers it concerns through {@link ViewEventSource}s.
 *
 * <p>Namespaced kinds get one informer per watched namespace when the operator is scoped with
 * {@code --watch-namespaces} (its RBAC allows nothing else), otherwise one cluster-wide informer.
 * Stored objects are pruned ({@code managedFields}, the {@code last-applied-configuration}
 * annotation, node images), so memory grows with what the operator reads, not with the API's
 * bookkeeping. KEDA's ScaledObject is watched only if its API exists at start.
 *
 * <p>Pods are kept pruned to what autoscaling reads (labels, containers' requests, phase, start
 * time, the Ready condition); the budget controller's {@code FleetCache} keeps its own pricing
 * projections. Pod metrics are not watchable and are read as snapshots.
 */
public final class ClusterView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  public static final ResourceDefinitionContext SCALED_OBJECTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind(Keda.SCALED_OBJECT)
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  /** Index of workloads by the holders in their {@code costguard.dev/original} annotation. */
  static final String BY_HOLDER = "holder";

  /** Index of autoscalers by what they scale: {@code namespace/Kind/name}. */
  static final String BY_SCALE_TARGET = "scaleTarget";

  /** Index of jobs by the budget their {@code costguard.dev/budget} label names. */
  static final String BY_BUDGET = "budget";

  /** How often job kinds missing from the API server are looked for again. */
  static final Duration REDISCOVER_EVERY = Duration.ofMinutes(5);

  /** A change the view saw: {@code before} is null when added, {@code after} null when deleted. */
  public record Change(HasMetadata before, HasMetadata after) {
    public HasMetadata object() {
      return after != null ? after : before;
    }

    /** Same spec, labels and annotations: only status or bookkeeping moved. */
    public boolean onlyStatus() {
      if (before == null || after == null) {
        return false;
      }
      var a = before.getMetadata();
      var b = after.getMetadata();
      return Objects.equals(a.getGeneration(), b.getGeneration())
          && a.getGeneration() != null
          && Objects.equals(a.getLabels(), b.getLabels())
          && Objects.equals(a.getAnnotations(), b.getAnnotations());
    }
  }

  private final KubernetesClient client;
  private final Set<String> watchNamespaces;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private final Shelf<Namespace> namespaces;
  private final Shelf<Node> nodes;
  private final Shelf<Deployment> deployments;
  private final Shelf<StatefulSet> statefulSets;
  private final Shelf<CronJob> cronJobs;
  private final Shelf<Job> jobs;
  private final Shelf<HorizontalPodAutoscaler> hpas;
  private final Shelf<GenericKubernetesResource> scaledObjects;
  private final Shelf<PriceCatalog> catalogs;
  private final Shelf<WorkloadBudget> budgets;
  private final Shelf<ScalingPolicy> policies;
  private final Shelf<Pod> pods;

  /** The custom job kinds the API server serves, each watched since it was found. */
  private final Map<JobKind, Shelf<GenericKubernetesResource>> customJobs =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicLong lastDiscovery = new AtomicLong(System.nanoTime());

  /**
   * @param watchNamespaces namespaces whose namespaced objects are watched; empty for all
   */
  public ClusterView(KubernetesClient client, Set<String> watchNamespaces) {
    this.client = client;
    this.watchNamespaces = Set.copyOf(watchNamespaces);
    Map<String, Function<HasMetadata, Collection<String>>> held =
        Map.of(BY_HOLDER, ClusterView::holdersOf);
    Map<String, Function<HasMetadata, Collection<String>>> autoscaled =
        Map.of(
            BY_HOLDER,
            ClusterView::holdersOf,
            BY_SCALE_TARGET,
            a -> scaleTargetOf(a).map(List::of).orElse(List.of()));
    namespaces = shelf(Namespace.class, false, () -> client.namespaces(), null, Map.of());
    nodes = shelf(Node.class, false, () -> client.nodes(), null, Map.of());
    deployments =
        shelf(
            Deployment.class,
            true,
            () -> client.apps().deployments().inAnyNamespace(),
            ns -> client.apps().deployments().inNamespace(ns),
            held);
    statefulSets =
        shelf(
            StatefulSet.class,
            true,
            () -> client.apps().statefulSets().inAnyNamespace(),
            ns -> client.apps().statefulSets().inNamespace(ns),
            held);
    cronJobs =
        shelf(
            CronJob.class,
            true,
            () -> client.batch().v1().cronjobs().inAnyNamespace(),
            ns -> client.batch().v1().cronjobs().inNamespace(ns),
            held);
    Map<String, Function<HasMetadata, Collection<String>>> jobIndexes =
        Map.of(BY_HOLDER, ClusterView::holdersOf, BY_BUDGET, ClusterView::budgetOf);
    jobs =
        shelf(
            Job.class,
            true,
            () -> client.batch().v1().jobs().inAnyNamespace(),
            ns -> client.batch().v1().jobs().inNamespace(ns),
            jobIndexes);
    hpas =
        shelf(
            HorizontalPodAutoscaler.class,
            true,
            () -> client.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace(),
            ns -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns),
            autoscaled);
    scaledObjects =
        kedaInstalled()
            ? genericShelf(SCALED_OBJECTS, Keda.API_VERSION, autoscaled)
            : new Shelf<>(Keda.SCALED_OBJECT, GenericKubernetesResource.class, List.of());
    catalogs =
        shelf(
            PriceCatalog.class, false, () -> client.resources(PriceCatalog.class), null, Map.of());
    budgets =
        shelf(
            WorkloadBudget.class,
            false,
            () -> client.resources(WorkloadBudget.class),
            null,
            Map.of());
    policies =
        shelf(
            ScalingPolicy.class,
            true,
            () -> client.resources(ScalingPolicy.class).inAnyNamespace(),
            ns -> client.resources(ScalingPolicy.class).inNamespace(ns),
            Map.of());
    pods =
        shelf(
            Pod.class,
            true,
            () -> client.pods().inAnyNamespace(),
            ns -> client.pods().inNamespace(ns),
            Map.of());
    discoverJobKinds();
  }

  /** Starts every informer and waits until each has listed once. */
  public ClusterView start(Duration timeout) {
    List<CompletableFuture<Void>> synced;
    synchronized (informers) {
      started.set(true);
      synced = informers.stream().map(i -> i.start().toCompletableFuture()).toList();
    }
    try {
      CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the cluster view synced", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "the cluster view did not sync within " + timeout + ": " + e.getMessage(), e);
    }
    LOG.info("cluster view synced: {} informers, {} objects", informers.size(), size());
    return this;
  }

  /** Whether every informer has listed and is watching. */
  public boolean isSynced() {
    synchronized (informers) {
      return informers.stream().allMatch(i -> i.hasSynced() && i.isWatching());
    }
  }

  /**
   * Looks again, at most every {@link #REDISCOVER_EVERY}, for the custom job kinds the API server
   * did not serve before (a CRD installed after Costguard started), and watches those it finds.
   * Cheap and quiet: one discovery request per missing group version, one log line per kind found.
   */
  public void rediscover() {
    long now = System.nanoTime();
    long last = lastDiscovery.get();
    if (now - last >= REDISCOVER_EVERY.toNanos() && lastDiscovery.compareAndSet(last, now)) {
      discoverJobKinds();
    }
  }

  /** The custom job kinds watched now. */
  public Set<JobKind> jobKinds() {
    return Set.copyOf(customJobs.keySet());
  }

  /** Called for every add, update and delete the informers see, after the view holds it. */
  public void onChange(Consumer<Change> listener) {
    listeners.add(listener);
  }

  /** Keeps an object Costguard just wrote until the watch delivers it (see {@link ViewStore}). */
  public void remember(HasMetadata written) {
    writable()
        .filter(shelf -> shelf.kind().equals(written.getKind()))
        .forEach(shelf -> shelf.remember(written));
  }

  public List<Namespace> namespaces() {
    return namespaces.all().toList();
  }

  public Optional<Namespace> namespace(String name) {
    return namespaces.get(null, name);
  }

  public List<Node> nodes() {
    return nodes.all().toList();
  }

  public Optional<Deployment> deployment(String namespace, String name) {
    return deployments.get(namespace, name);
  }

  public Optional<StatefulSet> statefulSet(String namespace, String name) {
    return statefulSets.get(namespace, name);
  }

  /** Deployments, StatefulSets, CronJobs, HPAs and ScaledObjects of one namespace. */
  public List<HasMetadata> scalablesIn(String namespace) {
    return Stream.of(deployments, statefulSets, cronJobs, hpas, scaledObjects)
        .flatMap(shelf -> shelf.inNamespace(namespace).stream())
        .map(HasMetadata.class::cast)
        .toList();
  }

  /**
   * Objects of the kinds in {@link #scalablesIn} and Jobs whose original-state annotation names
   * {@code holder}.
   */
  public List<HasMetadata> heldBy(String holder) {
    return writable()
        .flatMap(shelf -> shelf.byIndex(BY_HOLDER, holder).stream())
        .map(HasMetadata.class::cast)
        .toList();
  }

  /** Objects of the kinds in {@link #heldBy} whose original-state annotation names any holder. */
  public List<HasMetadata> held() {
    return writable()
        .flatMap(Shelf::all)
        .filter(o -> !holdersOf(o).isEmpty())
        .map(HasMetadata.class::cast)
        .toList();
  }

  /** HPAs and ScaledObjects whose {@code scaleTargetRef} names this workload. */
  public List<HasMetadata> autoscalersOf(HasMetadata workload) {
    String target =
        workload.getMetadata().getNamespace()
            + "/"
            + workload.getKind()
            + "/"
            + workload.getMetadata().getName();
    return Stream.of(scaledObjects, hpas)
        .flatMap(shelf -> shelf.byIndex(BY_SCALE_TARGET, target).stream())
        .map(HasMetadata.class::cast)
        .toList();
  }

  public List<HorizontalPodAutoscaler> hpasIn(String namespace) {
    return hpas.inNamespace(namespace);
  }

  public List<GenericKubernetesResource> scaledObjectsIn(String namespace) {
    return scaledObjects.inNamespace(namespace);
  }

  public List<Deployment> deploymentsIn(String namespace) {
    return deployments.inNamespace(namespace);
  }

  public List<StatefulSet> statefulSetsIn(String namespace) {
    return statefulSets.inNamespace(namespace);
  }

  public List<CronJob> cronJobsIn(String namespace) {
    return cronJobs.inNamespace(namespace);
  }

  public List<Job> jobsIn(String namespace) {
    return jobs.inNamespace(namespace);
  }

  /** Jobs of the custom kinds in {@link JobKind} (JobSet, PyTorchJob, RayJob...) of a namespace. */
  public List<GenericKubernetesResource> customJobsIn(String namespace) {
    return customJobs.values().stream()
        .flatMap(shelf -> shelf.inNamespace(namespace).stream())
        .toList();
  }

  /** Jobs of every {@link JobKind} whose {@code costguard.dev/budget} label names the budget. */
  public List<HasMetadata> jobsForBudget(String budget) {
    return Stream.concat(Stream.of(jobs), customJobs.values().stream())
        .flatMap(shelf -> shelf.byIndex(BY_BUDGET, budget).stream())
        .map(HasMetadata.class::cast)
        .toList();
  }

  public List<ScalingPolicy> scalingPoliciesIn(String namespace) {
    return policies.inNamespace(namespace);
  }

  public List<PriceCatalog> priceCatalogs() {
    return catalogs.all().toList();
  }

  public List<WorkloadBudget> workloadBudgets() {
    return budgets.all().toList();
  }

  public Optional<WorkloadBudget> workloadBudget(String name) {
    return budgets.get(null, name);
  }

  /** Namespaces whose namespaced objects the view holds: all, or the watched ones. */
  /**
   * The pods of a namespace whose labels include {@code matchLabels}, pruned (see {@link #prune}).
   */
  public List<Pod> podsIn(String namespace, Map<String, String> matchLabels) {
    return pods.inNamespace(namespace).stream()
        .filter(
            p ->
                p.getMetadata().getLabels() != null
                    && p.getMetadata().getLabels().entrySet().containsAll(matchLabels.entrySet()))
        .toList();
  }

  public boolean watches(String namespace) {
    return watchNamespaces.isEmpty() || watchNamespaces.contains(namespace);
  }

  /** Objects held, for the benchmark's heap-per-object figure. */
  public int size() {
    return Stream.of(
                namespaces,
                nodes,
                deployments,
                statefulSets,
                cronJobs,
                jobs,
                hpas,
                scaledObjects,
                catalogs,
                budgets,
                policies)
            .mapToInt(Shelf::size)
            .sum()
        + customJobs.values().stream().mapToInt(Shelf::size).sum();
  }

  /**
   * {@code namespace/Kind/name} of what an HPA or ScaledObject scales; KEDA's {@code
   * scaleTargetRef.kind} defaults to Deployment.
   */
  public static Optional<String> scaleTargetOf(HasMetadata autoscaler) {
    var ref = Serialization.jsonMapper().valueToTree(autoscaler).at("/spec/scaleTargetRef");
    if (ref.isMissingNode() || ref.path("name").asText("").isEmpty()) {
      return Optional.empty();
    }
    String kind = ref.path("kind").asText("Deployment");
    return Optional.of(
        autoscaler.getMetadata().getNamespace()
            + "/"
            + (kind.isEmpty() ? "Deployment" : kind)
            + "/"
            + ref.path("name").asText());
  }

  @Override
  public void close() {
    synchronized (informers) {
      started.set(false);
      informers.forEach(SharedIndexInformer::stop);
    }
  }

  /** The budget a job's {@code costguard.dev/budget} label names, if any. */
  static Collection<String> budgetOf(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String budget = labels == null ? null : labels.get(CostguardApi.BUDGET_LABEL);
    return budget == null || budget.isBlank() ? List.of() : List.of(budget);
  }

  /** The shelves of every kind Costguard may write to. */
  private Stream<Shelf<? extends HasMetadata>> writable() {
    return Stream.concat(
        Stream.of(deployments, statefulSets, cronJobs, jobs, hpas, scaledObjects),
        customJobs.values().stream());
  }

  /**
   * Watches each custom job kind the API server serves and is not watched yet. Discovery, not a
   * list: a CRUD API (the test mock) answers a list of anything, discovery only for what it serves.
   */
  private void discoverJobKinds() {
    Map<String, Set<String>> served = new java.util.HashMap<>();
    for (JobKind kind : JobKind.custom()) {
      if (customJobs.containsKey(kind)) {
        continue;
      }
      Set<String> plurals = served.computeIfAbsent(kind.apiVersion(), this::servedResources);
      if (!plurals.contains(kind.plural())) {
        continue;
      }
      synchronized (informers) {
        int before = informers.size();
        Shelf<GenericKubernetesResource> shelf =
            genericShelf(
                kind.context(),
                kind.apiVersion(),
                Map.of(BY_HOLDER, ClusterView::holdersOf, BY_BUDGET, ClusterView::budgetOf));
        customJobs.put(kind, shelf);
        if (started.get()) {
          informers.subList(before, informers.size()).forEach(SharedIndexInformer::start);
        }
      }
      LOG.info("watching {} ({}): the API server serves it", kind, kind.apiVersion());
    }
  }

  /** The resources a group version serves; none when the API server does not know it. */
  private Set<String> servedResources(String apiVersion) {
    try {
      var list = client.getApiResources(apiVersion);
      if (list == null || list.getResources() == null) {
        return Set.of();
      }
      return list.getResources().stream()
          .map(io.fabric8.kubernetes.api.model.APIResource::getName)
          .collect(java.util.stream.Collectors.toSet());
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        LOG.debug("discovery of {} failed: {}", apiVersion, e.toString());
      }
      return Set.of();
    }
  }

  private Shelf<GenericKubernetesResource> genericShelf(
      ResourceDefinitionContext context,
      String apiVersion,
      Map<String, Function<HasMetadata, Collection<String>>> indexers) {
    return shelf(
        context.getKind(),
        apiVersion,
        GenericKubernetesResource.class,
        true,
        () -> client.genericKubernetesResources(context).inAnyNamespace(),
        ns -> client.genericKubernetesResources(context).inNamespace(ns),
        indexers);
  }

  /**
   * The holders named in an object's {@code costguard.dev/original} annotation; none if unreadable.
   */
  public static Collection<String> holdersOf(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(CostguardApi.ORIGINAL_ANNOTATION);
    if (value == null) {
      return List.of();
    }
    try {
      return OriginalState.parse(value).holds().stream().map(OriginalState.Hold::holder).toList();
    } catch (InvalidOriginalStateException e) {
      return List.of(); // reported by the capability that reads it where it would act
    }
  }

  private boolean kedaInstalled() {
    try {
      client
          .genericKubernetesResources(SCALED_OBJECTS)
          .inAnyNamespace()
          .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        LOG.info(
            "KEDA's ScaledObject API is not installed; ScaledObjects are not watched (restart Costguard after installing KEDA)");
        return false;
      }
      throw e;
    }
  }

  private <T extends HasMetadata> Shelf<T> shelf(
      Class<T> type,
      boolean namespaced,
      Supplier<? extends Informable<T>> everywhere,
      Function<String, ? extends Informable<T>> inNamespace,
      Map<String, Function<HasMetadata, Collection<String>>> indexers) {
    return shelf(
        HasMetadata.getKind(type), null, type, namespaced, everywhere, inNamespace, indexers);
  }

  /**
   * @param apiVersion for generic resources, the kind and API version every stored item gets
   */
  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> Shelf<T> shelf(
      String kind,
      String apiVersion,
      Class<T> type,
      boolean namespaced,
      Supplier<? extends Informable<T>> everywhere,
      Function<String, ? extends Informable<T>> inNamespace,
      Map<String, Function<HasMetadata, Collection<String>>> indexers) {
    List<Informable<T>> sources = new ArrayList<>();
    if (namespaced && !watchNamespaces.isEmpty()) {
      watchNamespaces.stream().sorted().forEach(ns -> sources.add(inNamespace.apply(ns)));
    } else {
      sources.add(everywhere.get());
    }
    Map<String, Function<T, Collection<String>>> typed = new java.util.HashMap<>();
    indexers.forEach(
        (name, f) -> typed.put(name, (Function<T, Collection<String>>) (Function<?, ?>) f));
    List<ViewStore<T>> stores = new ArrayList<>();
    for (Informable<T> source : sources) {
      ViewStore<T> store = new ViewStore<>(o -> prune(o, kind, apiVersion), typed);
      SharedIndexInformer<T> informer = source.runnableInformer(0);
      informer.itemStore(store);
      informer.addEventHandler(
          new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
              publish(new Change(null, obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
              publish(new Change(oldObj, newObj));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
              publish(new Change(obj, null));
            }
          });
      informers.add(informer);
      stores.add(store);
    }
    return new Shelf<>(kind, type, stores);
  }

  private void publish(Change change) {
    for (Consumer<Change> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        HasMetadata o = change.object();
        LOG.warn(
            "change of {} {}/{} not handled: {}",
            o.getKind(),
            o.getMetadata().getNamespace(),
            o.getMetadata().getName(),
            e.toString());
      }
    }
  }

  /** Drops what no capability reads and the API keeps for its own bookkeeping. */
  private static <T extends HasMetadata> T prune(T object, String kind, String apiVersion) {
    object.getMetadata().setManagedFields(null);
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      Map<String, String> kept = new java.util.LinkedHashMap<>(annotations);
      kept.remove(LAST_APPLIED);
      object.getMetadata().setAnnotations(kept);
    }
    if (object instanceof Pod pod) {
      prunePod(pod);
    }
    if (object instanceof Node node && node.getStatus() != null) {
      node.getStatus().setImages(null);
    }
    if (object instanceof GenericKubernetesResource generic && apiVersion != null) {
      // List items may come without kind and apiVersion; planners and the patcher need them.
      generic.setKind(kind);
      generic.setApiVersion(apiVersion);
    }
    return object;
  }

  /**
   * A pod keeps what the replica calculation reads: containers' names and requests, phase, start,
   * readiness.
   */
  private static void prunePod(Pod pod) {
    pod.getMetadata().setAnnotations(null);
    pod.getMetadata().setOwnerReferences(null);
    if (pod.getSpec() != null) {
      List<io.fabric8.kubernetes.api.model.Container> containers =
          pod.getSpec().getContainers() == null
              ? List.of()
              : pod.getSpec().getContainers().stream()
                  .map(
                      c ->
                          new io.fabric8.kubernetes.api.model.ContainerBuilder()
                              .withName(c.getName())
                              .withResources(c.getResources())
                              .build())
                  .toList();
      pod.setSpec(
          new io.fabric8.kubernetes.api.model.PodSpecBuilder()
              .withContainers(containers)
              .withNodeName(pod.getSpec().getNodeName())
              .build());
    }
    if (pod.getStatus() != null) {
      var status = pod.getStatus();
      var ready =
          status.getConditions() == null
              ? List.<io.fabric8.kubernetes.api.model.PodCondition>of()
              : status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).toList();
      pod.setStatus(
          new io.fabric8.kubernetes.api.model.PodStatusBuilder()
              .withPhase(status.getPhase())
              .withStartTime(status.getStartTime())
              .withConditions(ready)
              .build());
    }
  }

  /** The stores of one kind: one, or one per watched namespace. */
  private record Shelf<T extends HasMetadata>(
      String kind, Class<T> type, List<ViewStore<T>> stores) {

    Optional<T> get(String namespace, String name) {
      String key = namespace == null ? name : namespace + "/" + name;
      return stores.stream().map(s -> s.current(key)).filter(Objects::nonNull).findFirst();
    }

    List<T> inNamespace(String namespace) {
      for (ViewStore<T> store : stores) {
        List<T> items = store.inNamespace(namespace);
        if (!items.isEmpty()) {
          return items;
        }
      }
      return List.of();
    }

    Stream<T> all() {
      return stores.stream().flatMap(ViewStore::all);
    }

    List<T> byIndex(String index, String value) {
      return stores.stream().flatMap(s -> s.byIndex(index, value).stream()).toList();
    }

    void remember(HasMetadata written) {
      T object =
          type.isInstance(written)
              ? type.cast(written)
              : Serialization.jsonMapper().convertValue(written, type);
      stores.forEach(s -> s.remember(object));
    }

    int size() {
      return stores.stream().mapToInt(ViewStore::size).sum();
    }
  }
}
