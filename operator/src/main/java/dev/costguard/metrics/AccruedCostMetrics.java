package dev.costguard.metrics;

import dev.costguard.allocation.Accrued;
import dev.costguard.allocation.AccruedTotals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Accrued money and resources as Prometheus counters, so that history lives in the user's
 * Prometheus ({@code increase(costguard_cost_total[7d])}):
 *
 * <ul>
 *   <li>{@code costguard_cost_total{namespace,team,capacity_type,currency}}: money pods were
 *       allocated; {@code capacity_type} is {@code OnDemand}, {@code Spot} or {@code NodePool}
 *   <li>{@code costguard_idle_cost_total{capacity_type,currency}}: node price no pod was allocated
 *   <li>{@code costguard_gpu_allocated_seconds_total{namespace,team,gpu_model}}
 *   <li>{@code costguard_energy_joules_total{namespace,team}} and {@code
 *       costguard_carbon_grams_total{namespace,team}}
 * </ul>
 *
 * Each reads the exact totals of {@link dev.costguard.allocation.CostAccrual}; a series, once seen,
 * stays (flat) until the operator restarts, when every counter starts again from zero.
 */
public final class AccruedCostMetrics {
  private record Family(String name, String description, String[] labels) {}

  private static final Family COST =
      new Family(
          "costguard.cost",
          "Money allocated to running pods since the operator started",
          new String[] {"namespace", "team", "capacity_type", "currency"});
  private static final Family IDLE =
      new Family(
          "costguard.idle.cost",
          "Node price not allocated to any pod (idle capacity) since the operator started",
          new String[] {"capacity_type", "currency"});
  private static final Family GPU_SECONDS =
      new Family(
          "costguard.gpu.allocated.seconds",
          "GPU-seconds requested by running pods (MIG slices as fractions) since the operator"
              + " started",
          new String[] {"namespace", "team", "gpu_model"});
  private static final Family JOULES =
      new Family(
          "costguard.energy.joules",
          "Estimated energy of running pods, PUE included, since the operator started",
          new String[] {"namespace", "team"});
  private static final Family GRAMS =
      new Family(
          "costguard.carbon.grams",
          "Estimated grams CO2e of running pods since the operator started",
          new String[] {"namespace", "team"});

  private record Series(Family family, Tags tags) {}

  private final MeterRegistry registry;
  private final Set<Series> registered = ConcurrentHashMap.newKeySet();
  private volatile Map<Series, BigDecimal> values = Map.of();

  public AccruedCostMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void publish(AccruedTotals totals) {
    Map<Series, BigDecimal> next = new HashMap<>();
    totals
        .groups()
        .forEach(
            (group, accrued) -> {
              add(
                  next,
                  COST,
                  accrued,
                  Accrued::money,
                  group.namespace(),
                  group.team(),
                  group.capacity(),
                  group.currency());
              if (accrued.gpuSeconds().signum() > 0) {
                add(
                    next,
                    GPU_SECONDS,
                    accrued,
                    Accrued::gpuSeconds,
                    group.namespace(),
                    group.team(),
                    group.gpuModel().isEmpty() ? CostMetrics.UNKNOWN_GPU_MODEL : group.gpuModel());
              }
              add(next, JOULES, accrued, Accrued::energyJoules, group.namespace(), group.team());
              add(next, GRAMS, accrued, Accrued::carbonGrams, group.namespace(), group.team());
            });
    totals
        .idle()
        .forEach(
            (key, money) ->
                next.merge(
                    new Series(IDLE, tags(IDLE, key.capacity(), key.currency())),
                    money,
                    BigDecimal::add));
    values = Map.copyOf(next);
    next.keySet().forEach(this::register);
  }

  private static void add(
      Map<Series, BigDecimal> into,
      Family family,
      Accrued accrued,
      Function<Accrued, BigDecimal> figure,
      String... labelValues) {
    into.merge(
        new Series(family, tags(family, labelValues)), figure.apply(accrued), BigDecimal::add);
  }

  private static Tags tags(Family family, String... values) {
    Tags tags = Tags.empty();
    for (int i = 0; i < values.length; i++) {
      tags = tags.and(family.labels()[i], values[i]);
    }
    return tags;
  }

  private void register(Series series) {
    if (registered.add(series)) {
      FunctionCounter.builder(
              series.family().name(),
              this,
              metrics -> metrics.values.getOrDefault(series, BigDecimal.ZERO).doubleValue())
          .description(series.family().description())
          .tags(series.tags())
          .register(registry);
    }
  }

  /** For tests: the value a series reads now. */
  BigDecimal value(String family, Tags tags) {
    return values.entrySet().stream()
        .filter(e -> e.getKey().family().name().equals(family) && e.getKey().tags().equals(tags))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
