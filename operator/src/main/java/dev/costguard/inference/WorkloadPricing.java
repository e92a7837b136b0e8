package dev.costguard.inference;

import dev.costguard.cost.CostRate;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Optional;

/**
 * What the running pods of a namespace that a workload's selector selects cost per hour, priced the
 * way the cost metrics price them (the default catalog). The operator passes the budget
 * controller's pricing, so a workload costs here exactly what it costs in a budget.
 */
@FunctionalInterface
public interface WorkloadPricing {
  /** Empty when no catalog can be chosen (two defaults, say). */
  Optional<CostRate> perHour(String namespace, LabelSelector selector);
}
