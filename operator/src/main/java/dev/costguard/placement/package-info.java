/**
 * Spot placement as pure functions: which labels and taints mark spot capacity per provider, and
 * which scheduling fields of a pod template ask for it.
 */
package dev.costguard.placement;
