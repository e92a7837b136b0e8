package dev.costguard.budget;

import java.math.BigDecimal;

/** A period that has ended, with the money spent in it. */
public record ClosedPeriod(PeriodSpan span, BigDecimal spent) {}
