package dev.costguard.budget;

import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.BudgetThreshold;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.kube.Timestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One evaluation of a budget at an instant, from what its status remembers: spend accrued at the
 * rate that held since the last evaluation, the forecast at the period end, and the thresholds in
 * force. Pure.
 *
 * <p>Money is kept in status to micro-units (six decimals): each evaluation rounds the accrued
 * total half-even, so the status can never carry more precision than was persisted.
 *
 * <p>A threshold stays in force for the rest of its period once crossed, as long as the budget's
 * spec is unchanged: the actions it triggers lower the cost rate and with it the forecast, and a
 * Forecast threshold must not let go because its own action worked. A new period, a raised limit or
 * a removed threshold (any spec change) evaluates the thresholds afresh, except an edit of the
 * calendar itself, which carries spend and thresholds in force into the re-anchored period.
 *
 * @param spent spent in the current period, as persisted
 * @param costPerHour the cost rate now, which the next evaluation accrues
 * @param activeThresholds thresholds in force, in spec order
 * @param actions the union of their actions, mildest first
 * @param newlyCrossed thresholds in force now that were not in force in this period before
 */
public record BudgetEvaluation(
    AccrualResult accrual,
    BigDecimal limit,
    BigDecimal spent,
    BigDecimal costPerHour,
    BigDecimal forecast,
    BigDecimal utilization,
    List<BudgetThreshold> activeThresholds,
    List<BudgetAction> actions,
    List<BudgetThreshold> newlyCrossed) {
  public static final int STATUS_MONEY_SCALE = 6;

  /**
   * @param previous the status as stored, or {@code null} for a budget never evaluated
   * @param generation the spec generation being evaluated
   * @param costPerHour the cost rate of the selected pods now
   * @param now an instant in whole seconds, as status timestamps keep them
   */
  public static BudgetEvaluation evaluate(
      WorkloadBudgetSpec spec,
      Long generation,
      WorkloadBudgetStatus previous,
      BigDecimal costPerHour,
      Instant now,
      BudgetCalendar calendar) {
    boolean accrued =
        previous != null && previous.accruedUntil != null && previous.periodStart != null;
    AccrualState state =
        accrued
            ? new AccrualState(
                Timestamps.parse(previous.periodStart),
                Objects.requireNonNullElse(previous.spent, BigDecimal.ZERO),
                Timestamps.parse(previous.accruedUntil))
            : AccrualState.startingAt(now, calendar);
    BigDecimal previousRate =
        accrued
            ? Objects.requireNonNullElse(previous.costPerHour, BigDecimal.ZERO)
            : BigDecimal.ZERO;
    AccrualResult accrual = BudgetAccrual.accrue(state, previousRate, now, calendar);

    BigDecimal rate = money(costPerHour);
    BigDecimal spent = money(accrual.state().spent());
    BigDecimal forecast =
        money(
            BudgetForecast.atPeriodEnd(
                spent, rate, accrual.state().accruedUntil(), accrual.period().end()));
    BigDecimal limit = spec.limit.amount;
    List<BudgetThreshold> thresholds = Objects.requireNonNullElse(spec.thresholds, List.of());
    CrossedThresholds crossed = CrossedThresholds.of(thresholds, limit, spent, forecast);

    // A calendar edit carries the money into the re-anchored period, and the thresholds with it:
    // the edit alone never releases an action (a later spec change evaluates them afresh).
    boolean recalendared = accrual.carriedOver().isPresent();
    boolean samePeriod =
        accrued
            && accrual.closedPeriods().isEmpty()
            && (recalendared
                || previous.periodStart.equals(Timestamps.format(accrual.period().start())));
    Set<Integer> previouslyActive =
        samePeriod
            ? Set.copyOf(Objects.requireNonNullElse(previous.activeThresholds, List.of()))
            : Set.of();
    boolean sameSpec =
        samePeriod && (recalendared || Objects.equals(previous.observedGeneration, generation));
    List<BudgetThreshold> active =
        thresholds.stream()
            .filter(
                t ->
                    crossed.thresholds().contains(t)
                        || (sameSpec && previouslyActive.contains(t.percent)))
            .toList();
    EnumSet<BudgetAction> actions = EnumSet.noneOf(BudgetAction.class);
    active.forEach(t -> actions.addAll(t.actions));
    return new BudgetEvaluation(
        accrual,
        limit,
        spent,
        rate,
        forecast,
        crossed.utilization(),
        active,
        List.copyOf(actions),
        active.stream().filter(t -> !previouslyActive.contains(t.percent)).toList());
  }

  /** Forecast spend at the period end exceeds the limit. */
  public boolean atRisk() {
    return forecast.compareTo(limit) > 0;
  }

  /** Spend has reached the limit. */
  public boolean exceeded() {
    return spent.compareTo(limit) >= 0;
  }

  public PeriodSpan period() {
    return accrual.period();
  }

  public List<Integer> activePercents() {
    return activeThresholds.stream().map(t -> t.percent).toList();
  }

  /** Status money: micro-units, half-even. */
  static BigDecimal money(BigDecimal amount) {
    return amount.setScale(STATUS_MONEY_SCALE, RoundingMode.HALF_EVEN);
  }
}
