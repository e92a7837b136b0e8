package dev.costguard.api.v1alpha1;

public enum BudgetPeriod {
  Daily,
  Weekly,
  Monthly
}
