package dev.costguard.budget;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import dev.costguard.cost.CatalogChoice;
import dev.costguard.kube.LabelSelectors;
import java.time.DateTimeException;
import java.util.List;
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

  public record Valid(BudgetCalendar calendar, CatalogChoice.Chosen catalog) implements Outcome {}

  /**
   * A reason in CamelCase for the Ready condition and the event, and a message a person acts on.
   */
  public record Invalid(String reason, String message) implements Outcome {}

  /**
   * @param configuredDefault the catalog named by {@code --default-price-catalog}, used when no
   *     catalog is marked {@code default: true}; blank for none
   */
  public static Outcome validate(
      WorkloadBudgetSpec spec, List<PriceCatalog> catalogs, String configuredDefault) {
    Optional<String> selectorProblem =
        Optional.ofNullable(spec.selector)
            .flatMap(
                s ->
                    LabelSelectors.problem("spec.selector.namespaceSelector", s.namespaceSelector)
                        .or(
                            () ->
                                LabelSelectors.problem(
                                    "spec.selector.workloadSelector", s.workloadSelector)))
            .or(() -> LabelSelectors.problem("spec.exempt", spec.exempt));
    if (selectorProblem.isPresent()) {
      return new Invalid(LabelSelectors.INVALID_SELECTOR, selectorProblem.get());
    }
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
    CatalogChoice chosen = CatalogChoice.choose(spec.priceCatalogRef, catalogs, configuredDefault);
    if (chosen instanceof CatalogChoice.Unavailable unavailable) {
      return new Invalid(unavailable.reason(), unavailable.message());
    }
    CatalogChoice.Chosen catalog = (CatalogChoice.Chosen) chosen;
    if (!catalog.currency().equals(spec.limit.currency)) {
      return new Invalid(
          "CurrencyMismatch",
          "the limit is in "
              + spec.limit.currency
              + " but "
              + catalog.name()
              + " prices in "
              + catalog.currency()
              + "; Costguard never converts currencies: use a catalog in "
              + spec.limit.currency
              + " or a limit in "
              + catalog.currency());
    }
    return new Valid(calendar, catalog);
  }
}
