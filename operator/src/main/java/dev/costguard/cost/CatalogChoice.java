package dev.costguard.cost;

import dev.costguard.api.v1alpha1.PriceCatalog;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which price catalog prices something: the one it names, else the one marked default (two are an
 * error), else the one named by {@code --default-price-catalog}, else OpenCost's public defaults.
 * Budgets, scaling policies and shutdown schedules all choose this way. Pure: catalogs come in as a
 * list.
 */
public sealed interface CatalogChoice {

  /** A catalog; {@code null} stands for OpenCost's public defaults in USD. */
  record Chosen(PriceCatalog catalog) implements CatalogChoice {
    public String name() {
      return catalog == null
          ? "OpenCost defaults"
          : "PriceCatalog " + catalog.getMetadata().getName();
    }

    public String currency() {
      return catalog == null ? "USD" : catalog.getSpec().currency;
    }
  }

  /** Why no catalog can be chosen: a CamelCase reason and a message a person can act on. */
  record Unavailable(String reason, String message) implements CatalogChoice {}

  /**
   * @param ref the catalog named by the policy; blank for none
   * @param configuredDefault the catalog named by {@code --default-price-catalog}; blank for none
   */
  static CatalogChoice choose(String ref, List<PriceCatalog> catalogs, String configuredDefault) {
    if (ref != null && !ref.isBlank()) {
      return named(ref, catalogs)
          .orElse(
              new Unavailable("UnknownPriceCatalog", "PriceCatalog " + ref + " does not exist"));
    }
    List<PriceCatalog> defaults = DefaultCatalogs.of(catalogs.stream());
    if (defaults.size() > 1) {
      return new Unavailable("DuplicateDefaultCatalog", DefaultCatalogs.ambiguity(defaults));
    }
    if (defaults.size() == 1) {
      return new Chosen(defaults.get(0));
    }
    if (configuredDefault != null && !configuredDefault.isBlank()) {
      return named(configuredDefault, catalogs)
          .orElse(
              new Unavailable(
                  "UnknownPriceCatalog",
                  "PriceCatalog "
                      + configuredDefault
                      + ", named by --default-price-catalog, does not exist"));
    }
    return new Chosen(null);
  }

  private static Optional<CatalogChoice> named(String name, List<PriceCatalog> catalogs) {
    return catalogs.stream()
        .filter(c -> Objects.equals(name, c.getMetadata().getName()))
        .findFirst()
        .map(
            c ->
                c.getSpec() != null
                    ? new Chosen(c)
                    : new Unavailable(
                        "InvalidPriceCatalog",
                        "PriceCatalog " + name + " cannot be read; see its events"));
  }
}
