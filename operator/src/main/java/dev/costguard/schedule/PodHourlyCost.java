package dev.costguard.schedule;

import io.fabric8.kubernetes.api.model.PodSpec;
import java.math.BigDecimal;

/**
 * What one pod of a template costs per hour, for savings estimates. Stand-in seam until the cost
 * model (package {@code cost}, PriceCatalogs) is on main; its price book replaces {@link
 * OpenCostDefaultPrices} here.
 */
public interface PodHourlyCost {
  /** ISO 4217 currency of {@link #perHour}. */
  String currency();

  BigDecimal perHour(PodSpec pod);
}
