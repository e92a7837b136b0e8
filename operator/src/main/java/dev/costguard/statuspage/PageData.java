package dev.costguard.statuspage;

import dev.costguard.allocation.Allocation;
import dev.costguard.allocation.AllocationApi;
import dev.costguard.allocation.AllocationQuery;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.WorkloadAction;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.inference.InferenceCosts;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.Conditions;
import dev.costguard.rightsizing.Rightsizing;
import dev.costguard.schedule.InvalidScheduleException;
import dev.costguard.schedule.SleepPeriod;
import dev.costguard.schedule.SleepSchedule;
import dev.costguard.statuspage.PageModel.Budget;
import dev.costguard.statuspage.PageModel.Gpu;
import dev.costguard.statuspage.PageModel.Schedule;
import dev.costguard.statuspage.PageModel.Span;
import dev.costguard.statuspage.PageModel.Spender;
import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the status page from what the operator already holds, so the page shows the same numbers
 * as the resources' status, {@code /metrics} and the API: spend by team from the allocation API,
 * budgets from the cluster view (their status), schedules as listed, spenders and GPUs from the
 * operator's own meters, cost per token and rightsizing from their last refresh.
 */
public final class PageData {
  private static final Logger LOG = LoggerFactory.getLogger(PageData.class);
  static final int TOP_SPENDERS = 10;
  static final String ALLOCATION_WINDOW = "1d";

  private final ClusterView view;
  private final Supplier<List<ShutdownSchedule>> schedules;
  private final MeterRegistry registry;
  private final InferenceCosts inference;
  private final Rightsizing rightsizing;
  private final AllocationApi allocations;
  private final Clock clock;

  /**
   * @param schedules the ShutdownSchedules (the view does not hold them yet)
   */
  public PageData(
      ClusterView view,
      Supplier<List<ShutdownSchedule>> schedules,
      MeterRegistry registry,
      InferenceCosts inference,
      Rightsizing rightsizing,
      AllocationApi allocations,
      Clock clock) {
    this.view = view;
    this.schedules = schedules;
    this.registry = registry;
    this.inference = inference;
    this.rightsizing = rightsizing;
    this.allocations = allocations;
    this.clock = clock;
  }

  public PageModel read() {
    Instant now = clock.instant();
    var tokens = inference.latest();
    var advice = rightsizing.latest();
    return new PageModel(
        now,
        allocation(now),
        budgets(),
        schedules(now),
        spenders(),
        gpus(),
        tokens.workloads(),
        tokens.error(),
        advice.workloads(),
        advice.error());
  }

  /** The last 24 hours by team: the allocation API's own answer to that query. */
  private Allocation allocation(Instant now) {
    try {
      return allocations.allocation(
          AllocationQuery.window(
              Map.of("window", List.of(ALLOCATION_WINDOW), "aggregate", List.of("team")), now));
    } catch (AllocationQuery.BadRequest | RuntimeException e) {
      LOG.warn("status page: allocation not read: {}", e.toString());
      return null;
    }
  }

  private List<Budget> budgets() {
    List<Budget> budgets = new ArrayList<>();
    for (WorkloadBudget budget : view.workloadBudgets()) {
      WorkloadBudgetStatus status = budget.getStatus();
      var spec = budget.getSpec();
      BigDecimal limit = spec == null || spec.limit == null ? null : spec.limit.amount;
      if (status == null) {
        budgets.add(
            new Budget(
                budget.getMetadata().getName(),
                spec == null || spec.limit == null ? null : spec.limit.currency,
                limit,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                "Not reconciled yet"));
        continue;
      }
      budgets.add(
          new Budget(
              budget.getMetadata().getName(),
              status.currency,
              limit,
              status.spent,
              status.forecast,
              status.costPerHour,
              instant(status.periodStart),
              instant(status.periodEnd),
              instant(status.accruedUntil),
              List.copyOf(status.activeThresholds),
              actions(status.actions),
              actions(status.plannedActions),
              ready(status.conditions)));
    }
    budgets.sort(Comparator.comparing(Budget::name));
    return budgets;
  }

  private static List<String> actions(List<WorkloadAction> actions) {
    return actions == null
        ? List.of()
        : actions.stream()
            .map(
                a ->
                    a.action
                        + " "
                        + a.kind
                        + " "
                        + a.namespace
                        + "/"
                        + a.name
                        + (a.state == null ? "" : " (" + a.state + ")"))
            .toList();
  }

  private static String ready(List<Condition> conditions) {
    return Conditions.find(conditions == null ? List.of() : conditions, Conditions.READY)
        .filter(c -> !Conditions.TRUE.equals(c.getStatus()))
        .map(c -> "Not ready: " + c.getReason() + ": " + c.getMessage())
        .orElse("");
  }

  private List<Schedule> schedules(Instant now) {
    List<Schedule> result = new ArrayList<>();
    for (ShutdownSchedule schedule : schedules.get()) {
      var status = schedule.getStatus();
      List<Span> asleep = new ArrayList<>();
      try {
        for (SleepPeriod period :
            SleepSchedule.fromSpec(schedule.getSpec())
                .sleepPeriodsOverlapping(now, now.plus(Duration.ofDays(7)))) {
          asleep.add(new Span(period.start(), period.end()));
        }
      } catch (InvalidScheduleException | RuntimeException e) {
        // reported by the schedule's own Ready condition; the page shows no timeline
      }
      result.add(
          new Schedule(
              schedule.getMetadata().getName(),
              status == null ? "Not reconciled yet" : status.state,
              status == null ? null : status.nextTransition,
              status == null || status.sleepingWorkloads == null ? 0 : status.sleepingWorkloads,
              status == null ? null : status.currency,
              status == null ? null : status.estimatedSavings,
              status == null ? null : status.savingsSince,
              asleep));
    }
    result.sort(Comparator.comparing(Schedule::name));
    return result;
  }

  /** Namespaces by money per hour, summed over capacity types, as /metrics has them. */
  private List<Spender> spenders() {
    Map<String, Spender> byNamespace = new HashMap<>();
    for (Gauge gauge : registry.find("costguard.namespace.cost.per.hour").gauges()) {
      String namespace = Objects.requireNonNullElse(gauge.getId().getTag("namespace"), "");
      String team = Objects.requireNonNullElse(gauge.getId().getTag("team"), "");
      String currency = Objects.requireNonNullElse(gauge.getId().getTag("currency"), "");
      double value = gauge.value();
      if (!Double.isFinite(value)) {
        continue;
      }
      byNamespace.merge(
          namespace,
          new Spender(namespace, team, currency, value),
          (a, b) ->
              new Spender(
                  namespace,
                  a.team().isEmpty() ? b.team() : a.team(),
                  a.currency(),
                  a.perHour() + b.perHour()));
    }
    return byNamespace.values().stream()
        .sorted(
            Comparator.comparingDouble(Spender::perHour)
                .reversed()
                .thenComparing(Spender::namespace))
        .limit(TOP_SPENDERS)
        .toList();
  }

  private List<Gpu> gpus() {
    Map<String, Double> utilisation = new HashMap<>();
    for (Gauge gauge : registry.find("costguard_gpu_utilization_ratio").gauges()) {
      utilisation.put(gauge.getId().getTag("namespace"), gauge.value());
    }
    List<Gpu> gpus = new ArrayList<>();
    for (Gauge gauge : registry.find("costguard.gpu.allocated").gauges()) {
      String namespace = Objects.requireNonNullElse(gauge.getId().getTag("namespace"), "");
      gpus.add(
          new Gpu(
              namespace,
              Objects.requireNonNullElse(gauge.getId().getTag("gpu_model"), ""),
              gauge.value(),
              utilisation.getOrDefault(namespace, Double.NaN)));
    }
    gpus.sort(Comparator.comparing(Gpu::namespace).thenComparing(Gpu::model));
    return gpus;
  }

  private static Instant instant(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
