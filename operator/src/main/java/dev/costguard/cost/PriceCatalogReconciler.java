package dev.costguard.cost;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.PriceCatalogSpec;
import dev.costguard.api.v1alpha1.PriceCatalogStatus;
import dev.costguard.kube.EventRecorder;
import dev.costguard.kube.Readiness;
import dev.costguard.kube.StatusWriter;
import dev.costguard.kube.UnreadableObjects;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a price catalog as budgets will use it: it must be the only default when marked default,
 * and its prices must build a price book (Costguard computes in fixed point, so an absurd price is
 * refused here rather than when a pod is priced). Ready says what the catalog covers.
 */
@ControllerConfiguration(name = "pricecatalog")
public class PriceCatalogReconciler implements Reconciler<PriceCatalog> {
  private final Clock clock;
  private final EventRecorder events;
  private final UnreadableObjects unreadable;

  public PriceCatalogReconciler(Clock clock, EventRecorder events, UnreadableObjects unreadable) {
    this.clock = clock;
    this.events = events;
    this.unreadable = unreadable;
  }

  @Override
  public UpdateControl<PriceCatalog> reconcile(
      PriceCatalog catalog, Context<PriceCatalog> context) {
    if (!unreadable.readable(catalog)) {
      // Reported by UnreadableObjects; a secondary event can still lead here.
      return UpdateControl.noUpdate();
    }
    Instant now = clock.instant();
    PriceCatalogStatus status = new PriceCatalogStatus();
    if (catalog.getStatus() != null) {
      status.conditions.addAll(catalog.getStatus().conditions);
    }
    PriceCatalogSpec spec = catalog.getSpec();
    List<PriceCatalog> defaults = DefaultCatalogs.of(context.getPrimaryCache().list());
    if (spec.isDefault && defaults.size() > 1) {
      Readiness.invalid(
          status, catalog, "DuplicateDefault", DefaultCatalogs.ambiguity(defaults), now, events);
    } else {
      priceBookProblem(spec)
          .ifPresentOrElse(
              problem -> Readiness.invalid(status, catalog, "InvalidPrices", problem, now, events),
              () -> Readiness.ready(status, catalog, "Valid", summary(spec), now));
    }
    StatusWriter.write(catalog, status, context);
    return UpdateControl.noUpdate();
  }

  private static Optional<String> priceBookProblem(PriceCatalogSpec spec) {
    // The schema says the same; repeated here for objects that reached the operator without it.
    if (spec.onDemand == null
        || spec.onDemand.cpuCoreHour == null
        || spec.onDemand.memoryGiBHour == null) {
      return Optional.of(
          "onDemand needs cpuCoreHour and memoryGiBHour: a price left out would make that resource free (write 0 to mean it)");
    }
    if (spec.spot != null
        && spec.spot.discount != null
        && (spec.spot.discount.signum() < 0
            || spec.spot.discount.compareTo(java.math.BigDecimal.ONE) > 0)) {
      return Optional.of(
          "spot.discount must be between 0 and 1, e.g. 0.65 for 65% off on-demand prices");
    }
    try {
      PriceBook.of(spec);
      return Optional.empty();
    } catch (IllegalArgumentException | ArithmeticException e) {
      return Optional.of("prices cannot be used: " + e.getMessage());
    }
  }

  private static String summary(PriceCatalogSpec spec) {
    int gpuModels = Objects.requireNonNullElse(spec.onDemand.gpuModels, java.util.Map.of()).size();
    int pools = Objects.requireNonNullElse(spec.nodePools, List.of()).size();
    return "prices in "
        + spec.currency
        + (spec.isDefault ? ", the default for budgets that name no catalog" : "")
        + "; "
        + gpuModels
        + " GPU model price(s), "
        + pools
        + " node pool(s)"
        + (spec.energy == null ? "" : ", energy and carbon factors");
  }
}
