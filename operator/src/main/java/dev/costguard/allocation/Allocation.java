package dev.costguard.allocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The allocation API's answer, exactly as serialised to JSON (docs/allocation-api.md is its
 * schema). Money is a decimal string in its currency, never a JSON number, so no client rounds it.
 *
 * @param window the span asked for
 * @param coverage the span the figures really cover (the operator's totals begin at its start)
 * @param allocations one row per group, the biggest spender first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Allocation(
    String apiVersion,
    String kind,
    String source,
    String aggregate,
    Span window,
    Span coverage,
    String note,
    List<Row> allocations,
    List<IdleCost> idle,
    List<Total> totals) {
  public static final String API_VERSION = "costguard.dev/v1";

  /** RFC 3339 instants; {@code end} is exclusive. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Span(String name, String start, String end) {}

  /**
   * One group.
   *
   * @param name the namespace, team or label value; {@value AllocationReport#UNALLOCATED} where the
   *     team or label is not set
   * @param cost one entry per currency
   * @param gpuHours GPU-hours held (MIG slices as fractions of a GPU)
   * @param energyKWh estimated energy, data-centre overhead (PUE) included
   * @param carbonGrams estimated grams CO2e
   */
  public record Row(
      String name, List<Money> cost, String gpuHours, String energyKWh, String carbonGrams) {}

  /** Money of one currency, and its split by capacity type (OnDemand, Spot, NodePool). */
  public record Money(String currency, String amount, Map<String, String> byCapacityType) {}

  /** Node price no pod was allocated, by capacity type. */
  public record IdleCost(String capacityType, String currency, String amount) {}

  /** Per currency: allocated to pods, idle, and both. */
  public record Total(String currency, String allocated, String idle, String total) {}
}
