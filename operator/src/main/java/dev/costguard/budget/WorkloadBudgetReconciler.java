package dev.costguard.budget;

import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.kube.Readiness;
import dev.costguard.kube.StatusWriter;
import dev.costguard.operator.OperatorServices;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;

/** Validates a budget. Accrual and enforcement are not wired in yet, and status says so. */
@ControllerConfiguration(name = "workloadbudget")
public class WorkloadBudgetReconciler implements Reconciler<WorkloadBudget> {
  private final OperatorServices services;

  public WorkloadBudgetReconciler(OperatorServices services) {
    this.services = services;
  }

  @Override
  public UpdateControl<WorkloadBudget> reconcile(WorkloadBudget budget, Context<WorkloadBudget> context) {
    Instant now = services.clock().instant();
    WorkloadBudgetStatus status = new WorkloadBudgetStatus();
    if (budget.getStatus() != null) {
      status.conditions.addAll(budget.getStatus().conditions);
    }
    String timeZone = budget.getSpec().timeZone == null ? "UTC" : budget.getSpec().timeZone;
    try {
      ZoneId.of(timeZone);
      Readiness.ready(status, budget, "Accepted", "budget is valid; spend accrual is not enabled in this build", now);
    } catch (DateTimeException e) {
      Readiness.invalid(status, budget, "InvalidTimeZone", "unknown time zone " + timeZone + ": use an IANA name such as Europe/Berlin", now, services.events());
    }
    StatusWriter.write(budget, status, context);
    return UpdateControl.noUpdate();
  }
}
