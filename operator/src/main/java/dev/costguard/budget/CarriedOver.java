package dev.costguard.budget;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Money moved by a calendar edit: what the old period had spent from its {@code start} to where
 * accrual had got ({@code end}), now counted in the new calendar's period {@code into}.
 */
public record CarriedOver(Instant start, Instant end, BigDecimal spent, PeriodSpan into) {}
