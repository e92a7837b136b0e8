package dev.costguard.sandbox;

import dev.costguard.api.v1alpha1.BudgetThreshold;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.WorkloadAction;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.kube.Conditions;
import dev.costguard.kube.Timestamps;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The lines the sandbox prints every few seconds, for a person watching: the time and the fleet;
 * each budget's money with its currency, the thresholds it has crossed with what each does, and the
 * actions in force on workloads; each scaling policy's replicas with its metric values and what
 * limits it; each schedule's state and savings; why anything is not ready; and what the operator
 * did since the last summary, with its reasons (its events: "ScaledDown
 * ml-inference/chat-inference: Deployment/chat-inference 3 -> 1: ...").
 */
final class SandboxSummary {
  private static final int MAX_NEW_EVENTS = 12;

  private final KubernetesClient client;
  private final Clock clock;

  /** Event name to the count last shown, so an aggregated event shows again when it repeats. */
  private final Map<String, Integer> shownEvents = new HashMap<>();

  SandboxSummary(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    long running = pods.stream().filter(p -> "Running".equals(phase(p))).count();
    long pending = pods.stream().filter(p -> "Pending".equals(phase(p))).count();
    out.append(
        String.format(
            "-- sandbox time %s | pods running %d of %d%s%n",
            Timestamps.format(clock.instant()),
            running,
            pods.size(),
            pending == 0 ? "" : " (" + pending + " pending: no node has room)"));
    for (WorkloadBudget budget : client.resources(WorkloadBudget.class).list().getItems()) {
      budgetLines(budget, out);
    }
    for (ScalingPolicy policy :
        client.resources(ScalingPolicy.class).inAnyNamespace().list().getItems()) {
      policyLines(policy, out);
    }
    for (ShutdownSchedule schedule : client.resources(ShutdownSchedule.class).list().getItems()) {
      scheduleLines(schedule, out);
    }
    newEvents(out);
    return out.toString();
  }

  private static void budgetLines(WorkloadBudget budget, StringBuilder out) {
    var spec = budget.getSpec();
    var status = budget.getStatus();
    String currency =
        status != null && status.currency != null ? status.currency : spec.limit.currency;
    out.append(
        String.format(
            "   budget   %-22s spent %s of %s%s, forecast %s at period end%n",
            budget.getMetadata().getName(),
            money(status == null ? null : status.spent, currency),
            money(spec.limit.amount, currency),
            status == null || status.utilization == null ? "" : " (" + status.utilization + ")",
            money(status == null ? null : status.forecast, currency)));
    if (status == null) {
      out.append("            not reconciled yet\n");
      return;
    }
    if (!status.activeThresholds.isEmpty()) {
      out.append("            thresholds crossed: ")
          .append(
              status.activeThresholds.stream()
                  .map(percent -> percent + "% (" + actionsAt(spec.thresholds, percent) + ")")
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    if (!status.actions.isEmpty()) {
      out.append("            in force: ")
          .append(
              status.actions.stream().map(SandboxSummary::action).collect(Collectors.joining("; ")))
          .append('\n');
    }
    notReady(status.conditions, out);
  }

  private static String actionsAt(List<BudgetThreshold> thresholds, int percent) {
    return thresholds.stream()
        .filter(t -> Objects.equals(t.percent, percent))
        .findFirst()
        .map(t -> t.actions.stream().map(Enum::name).collect(Collectors.joining(", ")))
        .filter(actions -> !actions.isEmpty())
        .orElse("no action");
  }

  private static String action(WorkloadAction action) {
    return action.action
        + " "
        + action.kind
        + " "
        + action.namespace
        + "/"
        + action.name
        + (action.since == null ? "" : " since " + action.since)
        + ("KeptUserChange".equals(action.state) ? " (a person's change kept)" : "");
  }

  private static void policyLines(ScalingPolicy policy, StringBuilder out) {
    var spec = policy.getSpec();
    var status = policy.getStatus();
    String name = policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
    if (status == null) {
      out.append(String.format("   scaling  %-22s not reconciled yet%n", name));
      return;
    }
    String metrics =
        status.metrics.stream()
            .map(
                m ->
                    m.trigger
                        + " "
                        + (m.value == null ? "unknown (" + m.error + ")" : number(m.value)))
            .collect(Collectors.joining(", "));
    out.append(
        String.format(
            "   scaling  %-22s %s %s: %s replicas, wants %s (%d..%d)%s%s%s%n",
            name,
            spec.targetRef.kind,
            spec.targetRef.name,
            Objects.toString(status.currentReplicas, "-"),
            Objects.toString(status.desiredReplicas, "-"),
            spec.minReplicas,
            spec.maxReplicas,
            status.limitedBy == null ? "" : ", limited by " + status.limitedBy,
            metrics.isEmpty() ? "" : "; " + metrics,
            status.placement == null ? "" : "; placement " + status.placement));
    notReady(status.conditions, out);
    Conditions.find(status.conditions, "MetricsUnavailable")
        .filter(c -> Conditions.TRUE.equals(c.getStatus()))
        .ifPresent(
            c ->
                out.append("            metrics unavailable: ")
                    .append(c.getMessage())
                    .append('\n'));
  }

  private static void scheduleLines(ShutdownSchedule schedule, StringBuilder out) {
    var status = schedule.getStatus();
    if (status == null) {
      out.append(
          String.format(
              "   schedule %-22s not reconciled yet%n", schedule.getMetadata().getName()));
      return;
    }
    out.append(
        String.format(
            "   schedule %-22s %s until %s, %s workloads asleep, saved %s%s%n",
            schedule.getMetadata().getName(),
            Objects.toString(status.state, "-"),
            Objects.toString(status.nextTransition, "-"),
            Objects.toString(status.sleepingWorkloads, "0"),
            money(status.estimatedSavings, status.currency),
            status.savingsSince == null ? "" : " since " + status.savingsSince));
    notReady(status.conditions, out);
  }

  /** "not ready: Reason: message" when Ready is not True; nothing otherwise. */
  private static void notReady(List<Condition> conditions, StringBuilder out) {
    Condition ready = Conditions.find(conditions, Conditions.READY).orElse(null);
    if (ready == null) {
      out.append("            not ready: no Ready condition yet\n");
    } else if (!Conditions.TRUE.equals(ready.getStatus())) {
      out.append("            not ready: ")
          .append(ready.getReason())
          .append(": ")
          .append(ready.getMessage())
          .append('\n');
    }
  }

  /** The operator's events that are new, or repeated, since the last summary. */
  private void newEvents(StringBuilder out) {
    List<Event> fresh = new ArrayList<>();
    for (Event event : client.v1().events().inAnyNamespace().list().getItems()) {
      if (!CostguardApi.FIELD_MANAGER.equals(event.getReportingComponent())) {
        continue;
      }
      int count = event.getCount() == null ? 1 : event.getCount();
      Integer shown = shownEvents.put(event.getMetadata().getName(), count);
      if (shown == null || shown != count) {
        fresh.add(event);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    fresh.sort(Comparator.comparing(e -> Objects.toString(e.getLastTimestamp(), "")));
    out.append("   since the last summary:\n");
    int skipped = Math.max(0, fresh.size() - MAX_NEW_EVENTS);
    if (skipped > 0) {
      out.append("            (").append(skipped).append(" earlier not shown)\n");
    }
    for (Event event : fresh.subList(skipped, fresh.size())) {
      var involved = event.getInvolvedObject();
      out.append("            ")
          .append(event.getType().equals("Warning") ? "! " : "")
          .append(event.getReason())
          .append(' ')
          .append(involved.getKind())
          .append(' ')
          .append(
              involved.getNamespace() == null
                  ? involved.getName()
                  : involved.getNamespace() + "/" + involved.getName())
          .append(": ")
          .append(event.getMessage())
          .append(
              event.getCount() != null && event.getCount() > 1
                  ? " (x" + event.getCount() + ")"
                  : "")
          .append('\n');
    }
  }

  private static String money(BigDecimal amount, String currency) {
    return amount == null
        ? "-"
        : amount.stripTrailingZeros().toPlainString() + (currency == null ? "" : " " + currency);
  }

  private static String number(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.2f", value);
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }
}
