package dev.costguard.cost;

import dev.costguard.api.v1alpha1.PriceCatalog;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The catalogs marked {@code default: true}: exactly one may be. */
public final class DefaultCatalogs {
  private DefaultCatalogs() {}

  /** The catalogs marked default, by name. */
  public static List<PriceCatalog> of(Stream<PriceCatalog> catalogs) {
    return catalogs
        .filter(c -> c.getSpec() != null && c.getSpec().isDefault)
        .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
        .toList();
  }

  /** What to tell a person when more than one is. */
  public static String ambiguity(List<PriceCatalog> defaults) {
    return "PriceCatalogs "
        + String.join(", ", defaults.stream().map(c -> c.getMetadata().getName()).toList())
        + " are all marked default: mark exactly one, or name one in each budget's priceCatalogRef";
  }
}
