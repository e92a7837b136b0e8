package dev.costguard.cost;

import java.math.BigDecimal;

/**
 * What one pod costs per hour where it runs.
 *
 * @param moneyPerHour in {@code currency}, scale 9
 * @param gpuModel the node's {@code nvidia.com/gpu.product} label, empty when it has none
 * @param gpus GPUs held, MIG slices as sevenths (a 1g slice is 0.142857), scale 0 or 6
 * @param watts estimated power draw including data-centre overhead (PUE), scale 6; zero without
 *     energy factors in the catalog
 * @param gramsCo2ePerHour estimated emissions, scale 6; zero without a grid carbon intensity
 * @param nodePool the catalog node pool whose node-hour price the pod shares, empty when the node
 *     is priced per resource
 */
public record PodCost(
    BigDecimal moneyPerHour,
    String currency,
    CapacityType capacityType,
    String gpuModel,
    BigDecimal gpus,
    BigDecimal watts,
    BigDecimal gramsCo2ePerHour,
    String nodePool) {}
