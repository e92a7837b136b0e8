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
 * @param carried set when the calendar was edited: the money moved from the old period into the
 *     re-anchored one; {@code null} otherwise
 */
public record AccrualResult(
    AccrualState state, PeriodSpan period, List<ClosedPeriod> closedPeriods, CarriedOver carried) {
  public AccrualResult {
    closedPeriods = List.copyOf(closedPeriods);
  }

  /** The carry-over of a calendar edit, if this accrual saw one. */
  public Optional<CarriedOver> carriedOver() {
    return Optional.ofNullable(carried);
  }

  /** The most recently closed period, to show as the previous period's total. */
  public Optional<ClosedPeriod> previousPeriod() {
    return closedPeriods.isEmpty()
        ? Optional.empty()
        : Optional.of(closedPeriods.get(closedPeriods.size() - 1));
  }
}
