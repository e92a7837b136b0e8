/**
 * Inference cost per token: what a serving workload (vLLM, Hugging Face TGI) costs per million
 * tokens, from its token counters in Prometheus and its cost rate. {@link
 * dev.costguard.inference.TokenCost} and {@link dev.costguard.inference.ServingWorkloads} are pure;
 * {@link dev.costguard.inference.InferenceCosts} reads Prometheus and the cluster view, publishes
 * the metric and answers the API.
 */
package dev.costguard.inference;
