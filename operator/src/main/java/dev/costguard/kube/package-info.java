/**
 * Kubernetes mechanics every capability shares: conditions, status writes, events, and workload
 * patches that carry the original state so it can be restored exactly.
 */
package dev.costguard.kube;
