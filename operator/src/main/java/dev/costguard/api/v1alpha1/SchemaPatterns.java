package dev.costguard.api.v1alpha1;

/** Patterns the API server checks on string fields. */
public final class SchemaPatterns {
  /** ISO 4217 alphabetic currency code, e.g. USD or EUR. */
  public static final String CURRENCY = "^[A-Z]{3}$";

  /** 24-hour wall-clock time, HH:MM. */
  public static final String TIME_OF_DAY = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

  /** Calendar date, YYYY-MM-DD. */
  public static final String DATE = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

  /** DNS-1123 subdomain: the name of a Secret, at most 253 characters. */
  public static final String DNS_1123_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A key in a Secret's data. */
  public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";

  /**
   * CEL rule on every label selector: In and NotIn need values, Exists and DoesNotExist take none.
   * (The operator itself is an enum in the schema: see {@link LabelSelectorOperator}.)
   */
  public static final String SELECTOR_VALUES_RULE =
      "!has(self.matchExpressions) || self.matchExpressions.all(e, has(e.operator)"
          + " && (e.operator == 'In' || e.operator == 'NotIn'"
          + " ? (has(e.values) && size(e.values) > 0) : (!has(e.values) || size(e.values) == 0)))";

  public static final String SELECTOR_VALUES_MESSAGE =
      "matchExpressions: every expression needs an operator; In and NotIn need values;"
          + " Exists and DoesNotExist must have none";

  private SchemaPatterns() {}
}
