/**
 * Rightsizing advice: from what a workload's pods used over a window against what they request
 * (CPU, memory, GPUs), the requests they need and the money a month the difference is worth. Advice
 * only: nothing here writes a workload. {@link dev.costguard.rightsizing.RightsizingAdvice} is
 * pure; {@link dev.costguard.rightsizing.Rightsizing} reads usage from Prometheus, publishes the
 * metrics and answers the API.
 */
package dev.costguard.rightsizing;
