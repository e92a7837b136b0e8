package dev.costguard.sandbox;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.kube.Conditions;
import dev.costguard.kube.Timestamps;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** The few lines the sandbox prints every few seconds: time, fleet, budgets, scaling, schedules. */
final class SandboxSummary {
  private final KubernetesClient client;
  private final Clock clock;

  SandboxSummary(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    long running =
        pods.stream()
            .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
            .count();
    out.append(
        String.format(
            "-- sandbox time %s | pods running %d of %d%n",
            Timestamps.format(clock.instant()), running, pods.size()));
    for (WorkloadBudget budget : client.resources(WorkloadBudget.class).list().getItems()) {
      var status = budget.getStatus();
      out.append(
          String.format(
              "   budget   %-22s spent %s of %s %s, forecast %s, thresholds %s, actions %s, ready %s%n",
              budget.getMetadata().getName(),
              status == null ? "-" : Objects.toString(status.spent, "-"),
              budget.getSpec().limit.amount,
              budget.getSpec().limit.currency,
              status == null ? "-" : Objects.toString(status.forecast, "-"),
              status == null ? "-" : status.activeThresholds,
              status == null ? "-" : status.actions.size(),
              status == null ? "-" : readyOf(status.conditions)));
    }
    for (ScalingPolicy policy :
        client.resources(ScalingPolicy.class).inAnyNamespace().list().getItems()) {
      var status = policy.getStatus();
      out.append(
          String.format(
              "   scaling  %-22s %s/%s current %s desired %s%s, ready %s%n",
              policy.getMetadata().getName(),
              policy.getMetadata().getNamespace(),
              policy.getSpec().targetRef.name,
              status == null ? "-" : Objects.toString(status.currentReplicas, "-"),
              status == null ? "-" : Objects.toString(status.desiredReplicas, "-"),
              status == null || status.placement == null ? "" : ", " + status.placement,
              status == null ? "-" : readyOf(status.conditions)));
    }
    for (ShutdownSchedule schedule : client.resources(ShutdownSchedule.class).list().getItems()) {
      var status = schedule.getStatus();
      out.append(
          String.format(
              "   schedule %-22s %s, next %s, sleeping %s, saved %s, ready %s%n",
              schedule.getMetadata().getName(),
              status == null ? "-" : Objects.toString(status.state, "-"),
              status == null ? "-" : Objects.toString(status.nextTransition, "-"),
              status == null ? "-" : Objects.toString(status.sleepingWorkloads, "-"),
              status == null ? "-" : Objects.toString(status.estimatedSavings, "-"),
              status == null ? "-" : readyOf(status.conditions)));
    }
    return out.toString();
  }

  private static String readyOf(List<io.fabric8.kubernetes.api.model.Condition> conditions) {
    return Conditions.find(conditions, Conditions.READY).map(c -> c.getStatus()).orElse("-");
  }
}
