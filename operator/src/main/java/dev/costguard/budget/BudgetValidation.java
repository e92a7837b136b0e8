package dev.costguard.budget;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import dev.costguard.cost.DefaultCatalogs;
import java.time.DateTimeException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What only the operator can check about a budget before it accrues or acts: that its price catalog
 * exists and is unambiguous, that the catalog prices in the budget's currency (money is never
 * converted), and that its time zone and period are real. Pure: catalogs come in as a list.
 */
public final class BudgetValidation {
  private BudgetValidation() {}

  /** A budget's outcome: valid, with its calendar and catalog, or invalid. */
  public sealed interface Outcome permits Valid, Invalid {}

  /** Which catalog prices something: chosen, or why none can be. */
  public sealed interface CatalogOutcome permits Catalog, Invalid {}

  /** A catalog; {@code null} stands for OpenCost's public defaults in USD. */
  public record Catalog(PriceCatalog catalog) implements CatalogOutcome {
    public String name() {
      return catalog == null ? "OpenCost defaults" : "PriceCatalog " + catalog.getMetadata().getName();
    }

    public String currency() {
      return catalog == null ? "USD" : catalog.getSpec().currency;
    }
  }

  public record Valid(BudgetCalendar calendar, Catalog catalog) implements Outcome {}

  /** A reason in CamelCase for the Ready condition and the event, and a message a person acts on. */
  public record Invalid(String reason, String message) implements Outcome, CatalogOutcome {}

  /**
   * @param configuredDefault the catalog named by {@code --default-price-catalog}, used when no
   *     catalog is marked {@code default: true}; blank for none
   */
  public static Outcome validate(
      WorkloadBudgetSpec spec, List<PriceCatalog> catalogs, String configuredDefault) {
    BudgetCalendar calendar;
    try {
      calendar = BudgetCalendar.of(spec);
    } catch (DateTimeException e) {
      return new Invalid(
          "InvalidTimeZone",
          "unknown time zone " + spec.timeZone + ": use an IANA name such as Europe/Berlin");
    } catch (IllegalArgumentException e) {
      return new Invalid("InvalidPeriod", e.getMessage());
    }
    CatalogOutcome chosen =
        spec.priceCatalogRef == null || spec.priceCatalogRef.isBlank()
            ? defaultCatalog(catalogs, configuredDefault)
            : named(spec.priceCatalogRef, catalogs)
                .orElse(new Invalid("UnknownPriceCatalog", "PriceCatalog " + spec.priceCatalogRef + " does not exist"));
    if (chosen instanceof Invalid invalid) {
      return invalid;
    }
    Catalog catalog = (Catalog) chosen;
    if (!catalog.currency().equals(spec.limit.currency)) {
      return new Invalid(
          "CurrencyMismatch",
          "the limit is in " + spec.limit.currency + " but " + catalog.name() + " prices in "
              + catalog.currency() + "; Costguard never converts currencies: use a catalog in "
              + spec.limit.currency + " or a limit in " + catalog.currency());
    }
    return new Valid(calendar, catalog);
  }

  /**
   * The catalog for whatever names none: the one marked default (two are an error), else the one
   * named by {@code --default-price-catalog}, else OpenCost's defaults.
   */
  public static CatalogOutcome defaultCatalog(List<PriceCatalog> catalogs, String configuredDefault) {
    List<PriceCatalog> defaults = DefaultCatalogs.of(catalogs.stream());
    if (defaults.size() > 1) {
      return new Invalid("DuplicateDefaultCatalog", DefaultCatalogs.ambiguity(defaults));
    }
    if (defaults.size() == 1) {
      return new Catalog(defaults.get(0));
    }
    if (configuredDefault != null && !configuredDefault.isBlank()) {
      return named(configuredDefault, catalogs)
          .orElse(
              new Invalid(
                  "UnknownPriceCatalog",
                  "PriceCatalog " + configuredDefault + ", named by --default-price-catalog, does not exist"));
    }
    return new Catalog(null);
  }

  private static Optional<CatalogOutcome> named(String name, List<PriceCatalog> catalogs) {
    return catalogs.stream()
        .filter(c -> Objects.equals(name, c.getMetadata().getName()))
        .findFirst()
        .map(Catalog::new);
  }
}
