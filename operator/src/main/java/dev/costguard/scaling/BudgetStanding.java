package dev.costguard.scaling;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * What scaling needs from a budget: money left until the period ends, how fast the budget's other
 * workloads spend it, and the budget actions in force on this workload.
 *
 * @param remaining limit minus spent; negative when overspent
 * @param costPerHour what everything the budget selects costs per hour now, this workload included;
 *     {@code null} when the budget has not priced it yet
 * @param periodEnd when the money is renewed
 * @param priceCatalogRef the catalog the budget names; blank for the default
 */
public record BudgetStanding(
    String budget,
    String currency,
    BigDecimal remaining,
    BigDecimal costPerHour,
    Instant periodEnd,
    boolean blockScaleUp,
    boolean scaleToMinimum,
    String priceCatalogRef) {

  /**
   * The most replicas the remaining money pays for until period end, after what the budget's other
   * workloads spend at their current rate. Empty when the period is over (it rolls over) or a
   * replica costs nothing.
   */
  public OptionalInt affordableReplicas(
      BigDecimal replicaCostPerHour, int currentReplicas, Instant now) {
    Duration left = Duration.between(now, periodEnd);
    if (left.isNegative() || left.isZero() || replicaCostPerHour.signum() <= 0) {
      return OptionalInt.empty();
    }
    BigDecimal hoursLeft =
        BigDecimal.valueOf(left.toSeconds())
            .divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_UP);
    BigDecimal otherWorkloads =
        costPerHour == null
            ? BigDecimal.ZERO
            : costPerHour
                .subtract(replicaCostPerHour.multiply(BigDecimal.valueOf(currentReplicas)))
                .max(BigDecimal.ZERO);
    BigDecimal perHourForThisWorkload =
        remaining.divide(hoursLeft, 10, RoundingMode.HALF_UP).subtract(otherWorkloads);
    if (perHourForThisWorkload.signum() <= 0) {
      return OptionalInt.of(0);
    }
    BigDecimal replicas = perHourForThisWorkload.divide(replicaCostPerHour, 0, RoundingMode.FLOOR);
    return OptionalInt.of(replicas.min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue());
  }

  /**
   * The ceiling this standing sets, for a workload whose replicas cost {@code replicaCostPerHour}.
   */
  public BudgetCeiling ceiling(BigDecimal replicaCostPerHour, int currentReplicas, Instant now) {
    OptionalInt affordable =
        replicaCostPerHour == null
            ? OptionalInt.empty()
            : affordableReplicas(replicaCostPerHour, currentReplicas, now);
    return new BudgetCeiling(affordable, blockScaleUp, scaleToMinimum);
  }
}
