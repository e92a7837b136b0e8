package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.ScalingPolicyStatus;
import dev.costguard.kube.Readiness;
import dev.costguard.kube.StatusWriter;
import dev.costguard.operator.OperatorServices;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Instant;

/** Validates a scaling policy. Scaling is not wired in yet, and status says so. */
@ControllerConfiguration(name = "scalingpolicy")
public class ScalingPolicyReconciler implements Reconciler<ScalingPolicy> {
  private final OperatorServices services;

  public ScalingPolicyReconciler(OperatorServices services) {
    this.services = services;
  }

  @Override
  public UpdateControl<ScalingPolicy> reconcile(ScalingPolicy policy, Context<ScalingPolicy> context) {
    Instant now = services.clock().instant();
    ScalingPolicyStatus status = new ScalingPolicyStatus();
    if (policy.getStatus() != null) {
      status.conditions.addAll(policy.getStatus().conditions);
    }
    Readiness.ready(status, policy, "Accepted", "policy is valid; scaling is not enabled in this build", now);
    StatusWriter.write(policy, status, context);
    return UpdateControl.noUpdate();
  }
}
