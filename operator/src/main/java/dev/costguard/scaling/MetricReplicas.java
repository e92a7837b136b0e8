package dev.costguard.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one trigger asks for, computed as the Kubernetes HorizontalPodAutoscaler's replica
 * calculator does (pkg/controller/podautoscaler/replica_calculator.go), pure.
 *
 * <p>Resource triggers count the pods that exist, not spec.replicas. Pods being deleted or failed
 * do not count; pending pods, and CPU samples of pods that are not ready or still starting, are set
 * aside; pods without a sample yet are missing. The ratio of value to target comes from the ready
 * pods; then, if it asks for more, the set-aside pods count as using nothing, and missing pods
 * count as using nothing on a scale-up and their full request (or the target) on a scale-down. If
 * that changes the direction, or lands within the tolerance, replicas stay.
 *
 * <p>Prometheus triggers: a Value target asks for ceil(ratio × ready pods), an AverageValue target
 * for ceil(value / target); from zero replicas both ask for ceil(value / target) and the tolerance
 * does not apply.
 */
final class MetricReplicas {
  /** As the HPA controller's --horizontal-pod-autoscaler-cpu-initialization-period. */
  static final Duration CPU_INITIALIZATION_PERIOD = Duration.ofMinutes(5);

  /** As the HPA controller's --horizontal-pod-autoscaler-initial-readiness-delay. */
  static final Duration INITIAL_READINESS_DELAY = Duration.ofSeconds(30);

  private MetricReplicas() {}

  /** Replicas that bring value / target within (1 − down, 1 + up). */
  record Tolerance(double up, double down) {
    boolean within(double ratio) {
      return ratio >= 1 - down && ratio <= 1 + up;
    }
  }

  /** The replicas one trigger asks for, or why it cannot say. */
  record Proposal(int replicas, String unknownReason) {
    static Proposal of(int replicas) {
      return new Proposal(replicas, null);
    }

    static Proposal unknown(String why) {
      return new Proposal(-1, why);
    }

    boolean isKnown() {
      return unknownReason == null;
    }
  }

  static Proposal propose(
      TriggerReading reading,
      int current,
      List<PodState> pods,
      Tolerance tolerance,
      boolean cpu,
      Instant now) {
    Aim aim = reading.aim();
    if (aim.target() <= 0) {
      return Proposal.unknown("the target must be above 0");
    }
    if (reading.podMetrics() != null) {
      return forPods(reading.podMetrics(), aim, current, pods, tolerance, cpu, now);
    }
    double value = reading.value();
    if (current == 0) {
      return Proposal.of((int) Math.ceil(value / aim.target())); // scale from zero: no tolerance
    }
    if (aim.kind() == Aim.Kind.AverageValue) {
      double ratio = value / (aim.target() * current);
      return Proposal.of(tolerance.within(ratio) ? current : (int) Math.ceil(value / aim.target()));
    }
    double ratio = value / aim.target();
    if (tolerance.within(ratio)) {
      return Proposal.of(current);
    }
    long ready = pods.stream().filter(PodState::isRunningAndReady).count();
    if (ready == 0) {
      return Proposal.unknown(
          "no pod of the target is running and ready"); // the HPA would ask for 0
    }
    return Proposal.of((int) Math.ceil(ratio * ready));
  }

  private static Proposal forPods(
      Map<String, PodMetric> samples,
      Aim aim,
      int current,
      List<PodState> pods,
      Tolerance tolerance,
      boolean cpu,
      Instant now) {
    if (pods.isEmpty()) {
      return Proposal.unknown("no pods of the target exist");
    }
    Map<String, PodMetric> counted = new LinkedHashMap<>();
    List<String> setAside = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (PodState pod : pods) {
      if (pod.deleting() || "Failed".equals(pod.phase())) {
        continue;
      }
      PodMetric sample = samples.get(pod.name());
      if (sample == null) {
        return Proposal.unknown("pod " + pod.name() + " has no request for the resource");
      }
      if ("Pending".equals(pod.phase())) {
        setAside.add(pod.name());
      } else if (sample.usage() == null) {
        missing.add(pod.name());
      } else if (cpu && notYetTrusted(pod, sample, now)) {
        setAside.add(pod.name());
      } else {
        counted.put(pod.name(), sample);
      }
    }
    if (counted.isEmpty()) {
      return Proposal.unknown("no ready pod of the target has metrics yet");
    }
    double ratio = ratio(counted, aim);
    boolean rebalance = !setAside.isEmpty() && ratio > 1;
    if (!rebalance && missing.isEmpty()) {
      return Proposal.of(
          tolerance.within(ratio) ? current : (int) Math.ceil(ratio * counted.size()));
    }
    Map<String, PodMetric> assumed = new LinkedHashMap<>(counted);
    for (String pod : missing) {
      PodMetric sample = samples.get(pod);
      if (ratio < 1) { // scaling down: assume the pod is as busy as it may be
        double full = aim.kind() == Aim.Kind.Utilization ? sample.request() : aim.target();
        assumed.put(pod, new PodMetric(full, sample.request(), null, Duration.ZERO));
      } else if (ratio > 1) { // scaling up: assume it idles
        assumed.put(pod, new PodMetric(0.0, sample.request(), null, Duration.ZERO));
      }
    }
    if (rebalance) {
      for (String pod : setAside) {
        assumed.put(pod, new PodMetric(0.0, samples.get(pod).request(), null, Duration.ZERO));
      }
    }
    double adjusted = ratio(assumed, aim);
    if (tolerance.within(adjusted) || (ratio < 1 && adjusted > 1) || (ratio > 1 && adjusted < 1)) {
      return Proposal.of(current);
    }
    int replicas = (int) Math.ceil(adjusted * assumed.size());
    if ((adjusted < 1 && replicas > current) || (adjusted > 1 && replicas < current)) {
      return Proposal.of(current);
    }
    return Proposal.of(replicas);
  }

  /**
   * Whether a CPU sample must be set aside: a pod without a Ready condition or start time; within
   * the CPU initialization period, one not ready or whose sample began before it became ready;
   * after it, one not ready that has never been ready.
   */
  static boolean notYetTrusted(PodState pod, PodMetric sample, Instant now) {
    if (pod.ready() == null || pod.startedAt() == null) {
      return true;
    }
    if (pod.startedAt().plus(CPU_INITIALIZATION_PERIOD).isAfter(now)) {
      Instant readySince = pod.readySince() == null ? pod.startedAt() : pod.readySince();
      return !pod.ready()
          || sample.sampledAt() == null
          || sample.sampledAt().isBefore(readySince.plus(sample.window()));
    }
    Instant readySince = pod.readySince() == null ? pod.startedAt() : pod.readySince();
    return !pod.ready() && pod.startedAt().plus(INITIAL_READINESS_DELAY).isAfter(readySince);
  }

  /** Value over target for these pods: utilisation of their requests, or their average. */
  static double ratio(Map<String, PodMetric> pods, Aim aim) {
    double usage = pods.values().stream().mapToDouble(PodMetric::usage).sum();
    if (aim.kind() == Aim.Kind.Utilization) {
      double requests = pods.values().stream().mapToDouble(PodMetric::request).sum();
      return usage * 100 / requests / aim.target();
    }
    return usage / pods.size() / aim.target();
  }
}
