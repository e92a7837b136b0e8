package dev.costguard.scaling;

import java.util.OptionalInt;

/**
 * What a budget allows the policy: at most {@code affordableReplicas} (when the budget's money and
 * the replica price are known), no growth under {@code BlockScaleUp}, the policy's minimum under
 * {@code ScaleToMinimum}.
 */
public record BudgetCeiling(
    OptionalInt affordableReplicas, boolean blockScaleUp, boolean scaleToMinimum) {
  public static final BudgetCeiling NONE = new BudgetCeiling(OptionalInt.empty(), false, false);
}
