package dev.costguard.operator;

import dev.costguard.allocation.AllocationApi;
import dev.costguard.allocation.CostAccrual;
import dev.costguard.allocation.PrometheusAllocations;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.budget.FleetCache;
import dev.costguard.budget.WorkloadBudgetReconciler;
import dev.costguard.cost.CostRollup;
import dev.costguard.cost.PriceCatalogReconciler;
import dev.costguard.cost.TemplatePricing;
import dev.costguard.inference.InferenceCosts;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.EventRecorder;
import dev.costguard.kube.OrphanedHolds;
import dev.costguard.kube.PodMetricsSnapshot;
import dev.costguard.kube.Resync;
import dev.costguard.kube.TimeScale;
import dev.costguard.kube.UnreadableObjects;
import dev.costguard.kube.WorkloadPatcher;
import dev.costguard.metrics.AccruedCostMetrics;
import dev.costguard.metrics.HttpEndpoints;
import dev.costguard.metrics.PrometheusConventions;
import dev.costguard.metrics.PrometheusReader;
import dev.costguard.notify.Notices;
import dev.costguard.notify.NotificationSecrets;
import dev.costguard.notify.WebhookAllowList;
import dev.costguard.notify.WebhookNotifier;
import dev.costguard.rightsizing.Rightsizing;
import dev.costguard.scaling.PodUtilisation;
import dev.costguard.scaling.PrometheusQueries;
import dev.costguard.scaling.ScalingPolicyReconciler;
import dev.costguard.schedule.ShutdownScheduleReconciler;
import dev.costguard.statuspage.PageData;
import dev.costguard.statuspage.StatusPage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Costguard as one unit: the java-operator-sdk operator with every reconciler, the metrics registry
 * and the HTTP endpoints. {@code Main}, the sandbox and the end-to-end tests all start this same
 * class.
 */
public final class CostguardOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CostguardOperator.class);

  /** The same event about the same object is emitted at most this often. */
  private static final Duration EVENT_REPEAT_AFTER = Duration.ofMinutes(10);

  /** Cost metrics are republished at least this often (and every resync when that is shorter). */
  private static final Duration COST_METRICS_INTERVAL = Duration.ofSeconds(30);

  private static final Duration VIEW_SYNC_TIMEOUT = Duration.ofSeconds(30);

  /** Token rates are averaged over this window, and read from Prometheus this often. */
  private static final Duration TOKEN_RATE_WINDOW = Duration.ofMinutes(5);

  private static final Duration SHOWBACK_INTERVAL = Duration.ofSeconds(60);

  /** Rightsizing looks at a week of use, read from Prometheus every ten minutes. */
  private static final Duration RIGHTSIZING_WINDOW = Duration.ofDays(7);

  private static final Duration RIGHTSIZING_INTERVAL = Duration.ofMinutes(10);

  /** How long the allocation API waits for each Prometheus query before using its own totals. */
  private static final Duration ALLOCATION_QUERY_TIMEOUT = Duration.ofSeconds(10);

  private final OperatorConfig config;
  private final PrometheusMeterRegistry registry;
  private final UnreadableObjects unreadable;

  /** The one read path every reconciler shares; synced before any reconciler runs. */
  private final ClusterView view;

  private final OrphanedHoldSweeper sweeper;
  private final Operator operator;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** Without leader election every replica leads. */
  private final AtomicBoolean leading = new AtomicBoolean();

  private final WorkloadBudgetReconciler budgets;

  /** Where every capability tells a budget's owners what happened (issue 15). */
  private final WebhookNotifier notices;

  private final ScheduledExecutorService costMetrics =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "cost-metrics");
            thread.setDaemon(true);
            return thread;
          });
  private HttpEndpoints endpoints;
  private final Clock clock;

  /** Money, GPU time and energy accrued since start: the counters and the allocation API. */
  private final CostAccrual accrual = new CostAccrual();

  private final AccruedCostMetrics accruedMetrics;
  private final AllocationApi allocationApi;

  /** Showback read from Prometheus (cost per token, rightsizing), refreshed on its own thread. */
  private final InferenceCosts inference;

  private final Rightsizing rightsizing;

  private final PageData statusPage;

  private final ScheduledExecutorService showback =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "showback");
            thread.setDaemon(true);
            return thread;
          });

  public CostguardOperator(KubernetesClient client, OperatorConfig config, Clock clock) {
    this(client, config, clock, TimeScale.REAL_TIME);
  }

  /**
   * @param timeScale how {@code clock} relates to real time, for requeue delays
   */
  public CostguardOperator(
      KubernetesClient client, OperatorConfig config, Clock clock, TimeScale timeScale) {
    this.config = config;
    this.clock = clock;
    this.leading.set(!config.leaderElection());
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PrometheusConventions.filters().forEach(registry.config()::meterFilter);
    List.of(
            new JvmMemoryMetrics(),
            new JvmGcMetrics(),
            new JvmThreadMetrics(),
            new ClassLoaderMetrics(),
            new ProcessorMetrics(),
            new UptimeMetrics())
        .forEach(binder -> binder.bindTo(registry));
    // An Info metric of the Prometheus client itself: Micrometer's naming would strip a gauge's
    // _info suffix (costguard_build), which is not what Prometheus conventions and joins expect.
    BuildInfo build = BuildInfo.current();
    Info.builder()
        .name("costguard_build")
        .help("Costguard build: version and git revision; the value is always 1")
        .labelNames("version", "revision")
        .register(registry.getPrometheusRegistry())
        .setLabelValues(build.version(), build.revision());
    this.view = new ClusterView(client, config.watchNamespaces());
    EventRecorder events = new EventRecorder(client, clock, EVENT_REPEAT_AFTER);
    WorkloadPatcher patcher =
        new WorkloadPatcher(client, config.protection(), events, view::remember);
    this.unreadable = new UnreadableObjects(client, clock, events, registry);
    OrphanedHolds orphans = new OrphanedHolds();
    Resync resync = new Resync(config.resyncInterval(), timeScale);
    PodMetricsSnapshot podMetrics =
        new PodMetricsSnapshot(client, config.watchNamespaces(), config.podMetricsMaxAge());
    this.sweeper = new OrphanedHoldSweeper(client, view, orphans, patcher, events, registry, clock);
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  // Status and finalizers are written with merge patches and updates, not SSA.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withCloseClientOnStop(false)
                  .withCacheSyncTimeout(Duration.ofSeconds(30))
                  .withReconciliationTerminationTimeout(config.shutdownTimeout())
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        config.leaseName(),
                        config.effectiveLeaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        null,
                        new LeaderCallbacks(
                            () -> leading.set(true), () -> leading.set(false), leader -> {}),
                        config.exitOnLostLease()));
              }
            });
    register(new PriceCatalogReconciler(clock, events, unreadable), false);
    this.notices =
        new WebhookNotifier(
            view::workloadBudget,
            NotificationSecrets.in(client, config.operatorNamespace()),
            WebhookAllowList.of(config.notificationAllowedUrls()),
            events,
            registry,
            Clock.systemUTC(),
            WebhookNotifier.Settings.defaults());
    this.budgets =
        new WorkloadBudgetReconciler(
            new FleetCache(view, podMetrics),
            view,
            notices,
            patcher,
            orphans,
            events,
            unreadable,
            registry,
            clock,
            resync,
            config.dryRun(),
            config.defaultPriceCatalog(),
            config.teamLabel());
    register(budgets, false);
    TemplatePricing pricing =
        new TemplatePricing(view::priceCatalogs, config.defaultPriceCatalog());
    register(
        new ScalingPolicyReconciler(
            view,
            patcher,
            orphans,
            new PodUtilisation(podMetrics, view::podsIn),
            new PrometheusQueries(client, config.prometheusAllowedUrls(), clock),
            pricing,
            events,
            unreadable,
            registry,
            clock,
            resync,
            config.dryRun()),
        true);
    register(
        new ShutdownScheduleReconciler(
            view,
            patcher,
            orphans,
            pricing,
            events,
            unreadable,
            registry,
            clock,
            resync,
            config.dryRun()),
        false);
    Optional<PrometheusReader> prometheus = PrometheusReader.of(config.allocationPrometheusUrl());
    this.inference =
        new InferenceCosts(
            view, prometheus, budgets::costPerHour, registry, clock, TOKEN_RATE_WINDOW);
    this.rightsizing =
        new Rightsizing(view, prometheus, budgets::pricedPods, registry, clock, RIGHTSIZING_WINDOW);
    this.accruedMetrics = new AccruedCostMetrics(registry);
    this.allocationApi =
        new AllocationApi(
            clock,
            accrual::between,
            config.allocationPrometheusUrl().isBlank()
                ? Optional.empty()
                : Optional.of(
                    new PrometheusAllocations(
                        config.allocationPrometheusUrl(), ALLOCATION_QUERY_TIMEOUT)),
            config.allocationPrometheusUrl(),
            namespace ->
                view.namespace(namespace)
                    .map(ns -> ns.getMetadata().getLabels())
                    .map(Map::copyOf)
                    .orElse(Map.of()),
            view::workloadBudgets);
    this.statusPage =
        new PageData(
            view,
            () -> client.resources(ShutdownSchedule.class).list().getItems(),
            registry,
            inference,
            rightsizing,
            allocationApi,
            clock);
  }

  private <R extends HasMetadata> void register(Reconciler<R> reconciler, boolean namespaced) {
    operator.register(
        reconciler,
        o -> {
          o.withReconciliationMaxInterval(config.resyncInterval());
          // An object whose spec cannot be read is reported and skipped, never reconciled; one
          // being deleted still goes through, so its finalizer is handled (see each Cleaner).
          o.withGenericFilter(
              r -> r.getMetadata().getDeletionTimestamp() != null || unreadable.readable(r));
          if (namespaced && !config.watchNamespaces().isEmpty()) {
            o.settingNamespaces(config.watchNamespaces());
          }
        });
  }

  /** Starts the HTTP endpoints, then the reconcilers (after taking the Lease, if configured). */
  public CostguardOperator start() {
    try {
      endpoints = new HttpEndpoints(config.httpPort(), registry, this::isLive, this::isReady);
      endpoints.serve(AllocationApi.PREFIX, allocationApi.httpHandler());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + config.httpPort(), e);
    }
    endpoints.serveExactly("/api/v1/inference/token-cost", inference::answer);
    endpoints.serveExactly("/api/v1/rightsizing", rightsizing::answer);
    endpoints.serveExactly(
        "/",
        query ->
            new HttpEndpoints.Answer(
                200, "text/html; charset=utf-8", StatusPage.render(statusPage.read())));
    view.start(VIEW_SYNC_TIMEOUT);
    operator.start();
    long everyMillis =
        Collections.min(List.of(COST_METRICS_INTERVAL, config.resyncInterval())).toMillis();
    costMetrics.scheduleWithFixedDelay(
        this::publishCostMetrics, 0, everyMillis, TimeUnit.MILLISECONDS);
    showback.scheduleWithFixedDelay(
        this::refreshShowback, 0, SHOWBACK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    showback.scheduleWithFixedDelay(
        this::refreshRightsizing, 0, RIGHTSIZING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("Costguard started; metrics and probes on port {}", endpoints.port());
    return this;
  }

  private void publishCostMetrics() {
    try {
      Optional<CostRollup> rollup = budgets.publishCostMetrics();
      // Only the leader accrues, so that two replicas' counters never add up to twice the money.
      if (leading.get()) {
        rollup.ifPresent(r -> accruedMetrics.publish(accrual.observe(clock.instant(), r)));
      } else {
        accrual.suspend();
      }
    } catch (RuntimeException e) {
      LOG.warn("cost metrics not published: {}", e.toString());
    }
    try {
      view.rediscover();
    } catch (RuntimeException e) {
      LOG.warn("job kinds not rediscovered: {}", e.toString());
    }
    try {
      sweeper.sweep(leading.get() && !config.dryRun());
    } catch (RuntimeException e) {
      LOG.warn("orphaned holds not swept: {}", e.toString());
    }
  }

  private void refreshShowback() {
    try {
      inference.refresh();
    } catch (RuntimeException e) {
      LOG.warn("inference cost per token not refreshed: {}", e.toString());
    }
  }

  private void refreshRightsizing() {
    try {
      rightsizing.refresh();
    } catch (RuntimeException e) {
      LOG.warn("rightsizing advice not refreshed: {}", e.toString());
    }
  }

  public Rightsizing rightsizing() {
    return rightsizing;
  }

  public InferenceCosts inference() {
    return inference;
  }

  public boolean isLive() {
    return !stopping.get();
  }

  /**
   * Ready once started and, on the leader, once the informers have synced. A standby replica is
   * ready too: otherwise a rolling update would wait forever for the Lease the old pod holds.
   */
  public boolean isReady() {
    return !stopping.get()
        && operator.getRuntimeInfo().isStarted()
        && view.isSynced()
        && (!leading.get() || operator.getRuntimeInfo().allEventSourcesAreHealthy());
  }

  public int httpPort() {
    return endpoints.port();
  }

  /** Where capabilities tell a budget's owners what happened. */
  public Notices notices() {
    return notices;
  }

  public ClusterView view() {
    return view;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    if (stopping.compareAndSet(false, true)) {
      LOG.info("Costguard stopping");
      costMetrics.shutdownNow();
      showback.shutdownNow();
      operator.stop();
      notices.close();
      view.close();
      if (endpoints != null) {
        endpoints.close();
      }
    }
  }
}
