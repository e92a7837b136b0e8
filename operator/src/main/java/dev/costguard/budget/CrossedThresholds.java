package dev.costguard.budget;

import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.BudgetThreshold;
import dev.costguard.api.v1alpha1.BudgetThreshold.ThresholdBasis;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumSet;
import java.util.List;

/**
 * The thresholds of a budget that are crossed, and the actions in force because of them.
 *
 * @param thresholds crossed thresholds, in the order of the spec
 * @param actions the union of their actions, mildest first ({@link BudgetAction} order)
 * @param utilization spent / limit, scale 6; 1 for a zero limit, which is used up from the start
 */
public record CrossedThresholds(
    List<BudgetThreshold> thresholds, List<BudgetAction> actions, BigDecimal utilization) {
  public CrossedThresholds {
    thresholds = List.copyOf(thresholds);
    actions = List.copyOf(actions);
  }

  /**
   * A threshold is crossed when its basis amount (spent for {@code Actual}, the default; the
   * period-end forecast for {@code Forecast}) reaches {@code percent} of the limit.
   */
  public static CrossedThresholds of(
      List<BudgetThreshold> thresholds, BigDecimal limit, BigDecimal spent, BigDecimal forecast) {
    List<BudgetThreshold> crossed =
        thresholds.stream()
            .filter(t -> reached(t.basis == ThresholdBasis.Forecast ? forecast : spent, t, limit))
            .toList();
    EnumSet<BudgetAction> actions = EnumSet.noneOf(BudgetAction.class);
    crossed.forEach(t -> actions.addAll(t.actions));
    BigDecimal utilization =
        limit.signum() == 0
            ? BigDecimal.ONE.setScale(6)
            : spent.divide(limit, 6, RoundingMode.HALF_UP);
    return new CrossedThresholds(crossed, List.copyOf(actions), utilization);
  }

  /** The percentages of the crossed thresholds, as the status lists them. */
  public List<Integer> percents() {
    return thresholds.stream().map(t -> t.percent).toList();
  }

  private static boolean reached(BigDecimal amount, BudgetThreshold threshold, BigDecimal limit) {
    return amount.movePointRight(2).compareTo(limit.multiply(BigDecimal.valueOf(threshold.percent)))
        >= 0;
  }
}
