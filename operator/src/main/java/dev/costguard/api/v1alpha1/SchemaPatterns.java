package dev.costguard.api.v1alpha1;

/** Patterns the API server checks on string fields. */
public final class SchemaPatterns {
  /** ISO 4217 alphabetic currency code, e.g. USD or EUR. */
  public static final String CURRENCY = "^[A-Z]{3}$";
  /** 24-hour wall-clock time, HH:MM. */
  public static final String TIME_OF_DAY = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
  /** Calendar date, YYYY-MM-DD. */
  public static final String DATE = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

  private SchemaPatterns() {}
}
