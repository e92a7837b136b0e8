package dev.costguard.allocation;

import dev.costguard.cost.CostRollup;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Everything accrued from {@code since} (the first observation after start) to {@code until} (the
 * last one), by group, and idle money by capacity and currency (scale 6).
 */
public record AccruedTotals(
    Instant since,
    Instant until,
    Map<CostRollup.Group, Accrued> groups,
    Map<CostRollup.IdleKey, BigDecimal> idle) {
  public static final AccruedTotals NONE = new AccruedTotals(null, null, Map.of(), Map.of());

  public AccruedTotals {
    groups = Map.copyOf(groups);
    idle = Map.copyOf(idle);
  }
}
