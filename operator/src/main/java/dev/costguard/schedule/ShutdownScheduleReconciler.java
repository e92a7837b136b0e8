package dev.costguard.schedule;

import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.ShutdownScheduleStatus;
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

/** Validates a shutdown schedule. Sleeping is not wired in yet, and status says so. */
@ControllerConfiguration(name = "shutdownschedule")
public class ShutdownScheduleReconciler implements Reconciler<ShutdownSchedule> {
  private final OperatorServices services;

  public ShutdownScheduleReconciler(OperatorServices services) {
    this.services = services;
  }

  @Override
  public UpdateControl<ShutdownSchedule> reconcile(ShutdownSchedule schedule, Context<ShutdownSchedule> context) {
    Instant now = services.clock().instant();
    ShutdownScheduleStatus status = new ShutdownScheduleStatus();
    if (schedule.getStatus() != null) {
      status.conditions.addAll(schedule.getStatus().conditions);
    }
    try {
      ZoneId.of(schedule.getSpec().timeZone);
      Readiness.ready(status, schedule, "Accepted", "schedule is valid; sleeping is not enabled in this build", now);
    } catch (DateTimeException e) {
      Readiness.invalid(status, schedule, "InvalidTimeZone", "unknown time zone " + schedule.getSpec().timeZone + ": use an IANA name such as Europe/Berlin", now, services.events());
    }
    StatusWriter.write(schedule, status, context);
    return UpdateControl.noUpdate();
  }
}
