package dev.costguard.allocation;

import java.math.BigDecimal;

/**
 * Totals accrued by one group, in Prometheus base units.
 *
 * @param money in the group's currency, scale 6 (micro-units)
 * @param gpuSeconds GPU-seconds held (MIG slices as fractions of a GPU), scale 6
 * @param energyJoules estimated energy, PUE included, scale 6
 * @param carbonGrams estimated grams CO2e, scale 6
 */
public record Accrued(
    BigDecimal money, BigDecimal gpuSeconds, BigDecimal energyJoules, BigDecimal carbonGrams) {
  static final int MONEY_SCALE = 6;
  static final int FIGURE_SCALE = 6;

  public static final Accrued ZERO =
      new Accrued(
          BigDecimal.ZERO.setScale(MONEY_SCALE),
          BigDecimal.ZERO.setScale(FIGURE_SCALE),
          BigDecimal.ZERO.setScale(FIGURE_SCALE),
          BigDecimal.ZERO.setScale(FIGURE_SCALE));

  public Accrued minus(Accrued other) {
    return new Accrued(
        money.subtract(other.money),
        gpuSeconds.subtract(other.gpuSeconds),
        energyJoules.subtract(other.energyJoules),
        carbonGrams.subtract(other.carbonGrams));
  }

  public Accrued plus(Accrued other) {
    return new Accrued(
        money.add(other.money),
        gpuSeconds.add(other.gpuSeconds),
        energyJoules.add(other.energyJoules),
        carbonGrams.add(other.carbonGrams));
  }
}
