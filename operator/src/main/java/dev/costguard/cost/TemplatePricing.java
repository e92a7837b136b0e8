package dev.costguard.cost;

import dev.costguard.api.v1alpha1.PriceCatalog;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prices pods that do not run yet (a Deployment's template, a sleeping replica) with the catalog a
 * policy names or the default one. A template has no node, so it is priced as if on a node with the
 * labels of its {@code nodeSelector}: a pinned GPU model or spot label counts, anything else is
 * on-demand, which is the cautious assumption for a budget.
 */
public final class TemplatePricing {
  private final Supplier<List<PriceCatalog>> catalogs;
  private final String configuredDefault;
  private final PriceBooks books = new PriceBooks();

  /**
   * @param catalogs the PriceCatalogs as the operator's cluster view holds them
   */
  public TemplatePricing(Supplier<List<PriceCatalog>> catalogs, String configuredDefault) {
    this.catalogs = catalogs;
    this.configuredDefault = configuredDefault;
  }

  /** The catalog for {@code ref} (blank for the default), as the cluster view holds them now. */
  public CatalogChoice choose(String ref) {
    return CatalogChoice.choose(ref, catalogs.get(), configuredDefault);
  }

  /** What one pod of {@code spec} costs per hour in the chosen catalog's currency. */
  public BigDecimal perPodHour(CatalogChoice.Chosen catalog, PodSpec spec) {
    Map<String, String> nodeLabels =
        spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
    return books
        .of(catalog.catalog())
        .pricerFor(nodeLabels, Map.of())
        .price(PodRequests.of(spec))
        .moneyPerHour();
  }
}
