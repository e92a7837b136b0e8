/**
 * The status page the operator serves on its HTTP port ({@code GET /}): budgets with burn-down and
 * forecast, actions in force, sleep timelines and savings, top spenders, GPUs, cost per token and
 * rightsizing, read-only. {@link dev.costguard.statuspage.StatusPage} renders a {@link
 * dev.costguard.statuspage.PageModel} to one self-contained HTML document (inline CSS and SVG, no
 * script, no external asset); {@link dev.costguard.statuspage.PageData} gathers the model from what
 * the operator already holds.
 */
package dev.costguard.statuspage;
