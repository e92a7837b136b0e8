/**
 * Showback: money, GPU time, energy and carbon accrued since the operator started ({@link
 * dev.costguard.allocation.CostAccrual}), published as Prometheus counters, and the read-only
 * allocation API that totals them for a window by namespace, team, capacity or a namespace label
 * ({@link dev.costguard.allocation.AllocationApi}), from Prometheus when one is configured.
 */
package dev.costguard.allocation;
