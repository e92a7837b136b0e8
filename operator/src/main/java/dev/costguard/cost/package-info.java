/**
 * What pods cost: their effective requests ({@link dev.costguard.cost.PodRequests}), the prices of
 * a catalog ({@link dev.costguard.cost.PriceBook}) and per-node pricing of pods ({@link
 * dev.costguard.cost.PodPricer}) into money, GPUs, watts and carbon per hour. Pure: no Kubernetes
 * I/O; fabric8 model objects come in as plain data.
 */
package dev.costguard.cost;
