package dev.costguard.allocation;

import dev.costguard.cost.CostRollup;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the cluster has cost since the operator started, accrued one step per observation: the rates
 * observed at one instant hold until the next observation, so each step adds the previous rates
 * times the time elapsed since the previous observation, and an observation at the same or an
 * earlier instant (a repeated publication, a clock stepping back) adds nothing and keeps the
 * previous rates. Nothing is ever counted twice or dropped; a restart starts from zero, as
 * Prometheus counters do.
 *
 * <p>Exact: each total is kept as rate x milliseconds (a BigDecimal, so never rounded) and read as
 * micro-units of money (rounded down, so a total read again later is never smaller), GPU-seconds,
 * joules and grams. Pure: time comes in as instants; the caller reads its {@code Clock}.
 */
public final class CostAccrual {
  private static final BigDecimal MILLIS_PER_HOUR =
      BigDecimal.valueOf(Duration.ofHours(1).toMillis());
  private static final BigDecimal MILLIS_PER_SECOND = BigDecimal.valueOf(1000);
  private static final Duration HOURLY_FOR = Duration.ofDays(7);
  private static final Duration KEPT_FOR = AllocationQuery.MAX_WINDOW.plus(Duration.ofDays(32));

  /** Money, GPU-hour, watt and gram-per-hour figures each multiplied by milliseconds. */
  private record RateMillis(BigDecimal money, BigDecimal gpus, BigDecimal watts, BigDecimal grams) {
    static final RateMillis ZERO =
        new RateMillis(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);

    RateMillis plus(CostRollup.Rates rates, BigDecimal millis) {
      return new RateMillis(
          money.add(rates.moneyPerHour().multiply(millis)),
          gpus.add(rates.gpus().multiply(millis)),
          watts.add(rates.watts().multiply(millis)),
          grams.add(rates.gramsCo2ePerHour().multiply(millis)));
    }

    Accrued read() {
      return new Accrued(
          money.divide(MILLIS_PER_HOUR, Accrued.MONEY_SCALE, RoundingMode.FLOOR),
          gpus.divide(MILLIS_PER_SECOND, Accrued.FIGURE_SCALE, RoundingMode.FLOOR),
          watts.divide(MILLIS_PER_SECOND, Accrued.FIGURE_SCALE, RoundingMode.FLOOR),
          grams.divide(MILLIS_PER_HOUR, Accrued.FIGURE_SCALE, RoundingMode.FLOOR));
    }
  }

  private final Map<CostRollup.Group, RateMillis> groups = new HashMap<>();
  private final Map<CostRollup.IdleKey, BigDecimal> idleMillis = new HashMap<>();
  private Instant since;
  private Instant last;
  private boolean suspended;
  private Map<CostRollup.Group, CostRollup.Rates> rates = Map.of();
  private Map<CostRollup.IdleKey, BigDecimal> idleRates = Map.of();
  private volatile AccruedTotals totals = AccruedTotals.NONE;

  /**
   * The totals as they stood at the first observation of each hour for a week, and of each UTC day
   * before that up to the longest span the API serves, so that a window can be answered as the
   * difference of two totals.
   */
  private final NavigableMap<Instant, AccruedTotals> checkpoints = new TreeMap<>();

  /**
   * One accrual step: the rates of the previous observation, times the time since it, are added;
   * then {@code rollup}'s rates hold from {@code now} on.
   *
   * @return the totals after this step
   */
  public synchronized AccruedTotals observe(Instant now, CostRollup rollup) {
    Objects.requireNonNull(now, "now");
    if (last == null) {
      since = now;
      last = now;
    } else if (suspended) {
      // another replica accrued the time in between: only the rates are taken
      suspended = false;
      last = now.isAfter(last) ? now : last;
    } else if (now.isAfter(last)) {
      BigDecimal millis = BigDecimal.valueOf(Duration.between(last, now).toMillis());
      rates.forEach(
          (group, r) ->
              groups.compute(
                  group, (g, sum) -> (sum == null ? RateMillis.ZERO : sum).plus(r, millis)));
      idleRates.forEach((key, r) -> idleMillis.merge(key, r.multiply(millis), BigDecimal::add));
      last = now;
    }
    // At the same or an earlier instant (a clock stepping back) nothing has elapsed: nothing is
    // added, and the newest rates hold from the last observation on.
    rates = rollup.groups();
    idleRates = rollup.idlePerHour();
    // A series starts at zero when first seen, so that increase() counts its first step too.
    rates.keySet().forEach(group -> groups.putIfAbsent(group, RateMillis.ZERO));
    idleRates.keySet().forEach(key -> idleMillis.putIfAbsent(key, BigDecimal.ZERO));
    Map<CostRollup.Group, Accrued> read = new HashMap<>();
    groups.forEach((group, accrued) -> read.put(group, accrued.read()));
    Map<CostRollup.IdleKey, BigDecimal> idle = new HashMap<>();
    idleMillis.forEach(
        (key, amount) ->
            idle.put(key, amount.divide(MILLIS_PER_HOUR, Accrued.MONEY_SCALE, RoundingMode.FLOOR)));
    totals = new AccruedTotals(since, last, read, idle);
    checkpoint(totals);
    return totals;
  }

  private void checkpoint(AccruedTotals now) {
    Instant hour = now.until().truncatedTo(ChronoUnit.HOURS);
    Map.Entry<Instant, AccruedTotals> latest = checkpoints.lastEntry();
    if (latest == null || latest.getKey().truncatedTo(ChronoUnit.HOURS).isBefore(hour)) {
      checkpoints.put(now.until(), now);
    }
    Instant hourly = now.until().minus(HOURLY_FOR);
    Instant oldest = now.until().minus(KEPT_FOR);
    Instant day = null;
    for (var it = checkpoints.entrySet().iterator(); it.hasNext(); ) {
      Instant at = it.next().getKey();
      if (!at.isBefore(hourly)) {
        break;
      }
      Instant atDay = at.truncatedTo(ChronoUnit.DAYS);
      if (at.isBefore(oldest) || atDay.equals(day)) {
        it.remove();
      } else {
        day = atDay;
      }
    }
  }

  /**
   * What accrued from {@code start} to {@code end}, as the difference of the totals at the
   * checkpoint at or before each (the current totals for an end at or after the last observation;
   * zero before the first). The lines say the span they really cover.
   */
  public synchronized AllocationLines between(Instant start, Instant end) {
    AccruedTotals current = totals;
    if (current.until() == null) {
      return new AllocationLines(
          AllocationLines.Source.operator, null, null, List.of(), List.of(), List.of());
    }
    AccruedTotals to = end.isBefore(current.until()) ? at(end) : current;
    AccruedTotals from = at(start);
    Instant coveredFrom = from == null ? since : from.until();
    if (to == null) {
      // the span ends before the operator started: nothing accrued in it that it knows of
      return new AllocationLines(
          AllocationLines.Source.operator, since, since, List.of(), List.of(), List.of());
    }
    List<AllocationLines.Cost> costs = new ArrayList<>();
    List<AllocationLines.Usage> usages = new ArrayList<>();
    Map<List<String>, Accrued> usageByTeam = new HashMap<>();
    to.groups()
        .forEach(
            (group, total) -> {
              Accrued before =
                  from == null ? Accrued.ZERO : from.groups().getOrDefault(group, Accrued.ZERO);
              Accrued delta = total.minus(before);
              costs.add(
                  new AllocationLines.Cost(
                      group.namespace(),
                      group.team(),
                      group.capacity(),
                      group.currency(),
                      delta.money()));
              usageByTeam.merge(List.of(group.namespace(), group.team()), delta, Accrued::plus);
            });
    usageByTeam.forEach(
        (key, delta) ->
            usages.add(
                new AllocationLines.Usage(
                    key.get(0),
                    key.get(1),
                    delta.gpuSeconds(),
                    delta.energyJoules(),
                    delta.carbonGrams())));
    List<AllocationLines.Idle> idle = new ArrayList<>();
    to.idle()
        .forEach(
            (key, money) ->
                idle.add(
                    new AllocationLines.Idle(
                        key.capacity(),
                        key.currency(),
                        money.subtract(
                            from == null
                                ? BigDecimal.ZERO
                                : from.idle().getOrDefault(key, BigDecimal.ZERO)))));
    return new AllocationLines(
        AllocationLines.Source.operator, coveredFrom, to.until(), costs, usages, idle);
  }

  /** The latest checkpoint at or before {@code instant}, or {@code null}. */
  private AccruedTotals at(Instant instant) {
    Map.Entry<Instant, AccruedTotals> entry = checkpoints.floorEntry(instant);
    return entry == null ? null : entry.getValue();
  }

  /**
   * The time from the last observation to the next one is not accrued, and the rates observed last
   * no longer hold: for a replica that stops leading, whose successor accrues that time.
   */
  public synchronized void suspend() {
    suspended = last != null;
    rates = Map.of();
    idleRates = Map.of();
  }

  /** The totals after the last step; {@link AccruedTotals#NONE} before the first observation. */
  public AccruedTotals totals() {
    return totals;
  }
}
