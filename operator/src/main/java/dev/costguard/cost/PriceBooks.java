package dev.costguard.cost;

import dev.costguard.api.v1alpha1.PriceCatalog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link PriceBook} per catalog version, so that the pricers cached on each node are reused
 * from one reconcile to the next and rebuilt only when the catalog's spec changes.
 */
public final class PriceBooks {
  private static final PriceBook OPEN_COST_DEFAULTS = PriceBook.openCostDefaults();

  private record Version(String uid, Long generation) {}

  private final Map<String, Map.Entry<Version, PriceBook>> byName = new ConcurrentHashMap<>();

  /** The book of {@code catalog}; OpenCost's defaults when it is {@code null}. */
  public PriceBook of(PriceCatalog catalog) {
    if (catalog == null) {
      return OPEN_COST_DEFAULTS;
    }
    Version version =
        new Version(catalog.getMetadata().getUid(), catalog.getMetadata().getGeneration());
    Map.Entry<Version, PriceBook> cached = byName.get(catalog.getMetadata().getName());
    if (cached != null && cached.getKey().equals(version)) {
      return cached.getValue();
    }
    PriceBook book = PriceBook.of(catalog.getSpec());
    byName.put(catalog.getMetadata().getName(), Map.entry(version, book));
    return book;
  }
}
