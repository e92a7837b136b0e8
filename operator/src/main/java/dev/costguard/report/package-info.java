/**
 * {@code costguard report}: budgets, burn, forecast, savings and top spenders for people who live
 * in a terminal, read from the cluster like kubectl does ({@link
 * dev.costguard.report.ClusterReport}), as a table or JSON.
 */
package dev.costguard.report;
