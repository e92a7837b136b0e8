package dev.costguard.allocation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a source (Prometheus or the operator's own totals) accrued over a span, before grouping:
 * money by namespace, team, capacity and currency; GPU time, energy and carbon by namespace and
 * team; idle money by capacity and currency.
 *
 * @param start where the figures really begin: the operator's totals begin at its start, or at the
 *     checkpoint before the window
 * @param end where they really end
 */
public record AllocationLines(
    Source source,
    Instant start,
    Instant end,
    List<Cost> costs,
    List<Usage> usages,
    List<Idle> idle) {

  /** Where the figures come from. */
  public enum Source {
    /** {@code increase()} over the accrued counters in the configured Prometheus. */
    prometheus,
    /** The operator's own totals since it started. */
    operator
  }

  public record Cost(
      String namespace, String team, String capacity, String currency, BigDecimal money) {}

  public record Usage(
      String namespace,
      String team,
      BigDecimal gpuSeconds,
      BigDecimal energyJoules,
      BigDecimal carbonGrams) {}

  public record Idle(String capacity, String currency, BigDecimal money) {}

  public AllocationLines {
    costs = List.copyOf(costs);
    usages = List.copyOf(usages);
    idle = List.copyOf(idle);
  }
}
