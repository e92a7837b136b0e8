package dev.costguard.cost;

import java.math.BigDecimal;

/** Money per hour in a currency: what a set of running pods costs. */
public record CostRate(BigDecimal perHour, String currency) {}
