/**
 * Budget arithmetic: period boundaries ({@link dev.costguard.budget.BudgetCalendar}), accrual of
 * spend ({@link dev.costguard.budget.BudgetAccrual}), the period-end forecast and the thresholds
 * crossed. Pure: time comes in as instants, money as BigDecimal.
 */
package dev.costguard.budget;
