package dev.costguard.cost;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.PriceCatalogStatus;
import dev.costguard.kube.Readiness;
import dev.costguard.kube.StatusWriter;
import dev.costguard.operator.OperatorServices;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;
import java.util.List;

/** Checks a price catalog and reports whether budgets can use it. */
@ControllerConfiguration(name = "pricecatalog")
public class PriceCatalogReconciler implements Reconciler<PriceCatalog> {
  private final OperatorServices services;

  public PriceCatalogReconciler(OperatorServices services) {
    this.services = services;
  }

  @Override
  public UpdateControl<PriceCatalog> reconcile(PriceCatalog catalog, Context<PriceCatalog> context) {
    Instant now = services.clock().instant();
    PriceCatalogStatus status = new PriceCatalogStatus();
    if (catalog.getStatus() != null) {
      status.conditions.addAll(catalog.getStatus().conditions);
    }
    List<String> defaults =
        context.getPrimaryCache().list()
            .filter(c -> c.getSpec() != null && c.getSpec().isDefault)
            .map(c -> c.getMetadata().getName())
            .sorted()
            .toList();
    if (catalog.getSpec().isDefault && defaults.size() > 1) {
      Readiness.invalid(
          status, catalog, "DuplicateDefault",
          "more than one PriceCatalog is marked default: " + String.join(", ", defaults)
              + "; mark exactly one",
          now, services.events());
    } else {
      Readiness.ready(status, catalog, "Valid", "prices in " + catalog.getSpec().currency, now);
    }
    StatusWriter.write(catalog, status, context);
    return UpdateControl.noUpdate();
  }
}
