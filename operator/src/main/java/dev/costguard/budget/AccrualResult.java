package dev.costguard.budget;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of one accrual.
 *
 * @param state to persist
 * @param period the period {@code state} belongs to
 * @param closedPeriods periods that ended since the previous state, oldest first; several after an
 *     outage longer than a period
 */
public record AccrualResult(
    AccrualState state, PeriodSpan period, List<ClosedPeriod> closedPeriods) {
  public AccrualResult {
    closedPeriods = List.copyOf(closedPeriods);
  }

  /** The most recently closed period, to show as the previous period's total. */
  public Optional<ClosedPeriod> previousPeriod() {
    return closedPeriods.isEmpty()
        ? Optional.empty()
        : Optional.of(closedPeriods.get(closedPeriods.size() - 1));
  }
}
