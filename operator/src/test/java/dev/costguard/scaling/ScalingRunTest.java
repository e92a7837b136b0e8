package dev.costguard.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Multi-step runs of the replica decision against a small simulated Deployment: pods start, become
 * ready and report metrics late, the load spreads over the ready pods, the policy syncs every 15 s
 * with the HPA's default behaviour. The figures are those in docs/scaling-policies.md.
 */
class ScalingRunTest {
  static final Instant START = Instant.parse("2026-06-10T10:00:00Z");
  static final Duration SYNC = Duration.ofSeconds(15);

  /**
   * A pod of 1-core request that is ready {@code readyAfter} and reports {@code reportsAfter} its
   * start.
   */
  record SimPod(String name, Instant started, Duration readyAfter, Duration reportsAfter) {
    boolean ready(Instant now) {
      return !now.isBefore(started.plus(readyAfter));
    }

    boolean reports(Instant now) {
      return !now.isBefore(started.plus(reportsAfter));
    }
  }

  /** A run: the replicas after each sync, and the changes as "seconds:replicas". */
  record Run(List<Integer> replicas, List<String> changes) {
    int highest() {
      return replicas.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }
  }

  /**
   * @param load cores the workload needs at second t, shared by its ready pods
   * @param aim what the one CPU trigger aims at
   */
  static Run run(
      int startReplicas,
      Duration length,
      Duration readyAfter,
      Duration reportsAfter,
      DoubleUnaryOperator load,
      Aim aim) {
    List<SimPod> pods = new ArrayList<>();
    int counter = 0;
    for (; counter < startReplicas; counter++) {
      pods.add(
          new SimPod("pod-" + counter, START.minus(Duration.ofHours(1)), readyAfter, reportsAfter));
    }
    ReplicaHistory history = ReplicaHistory.EMPTY;
    List<Integer> replicas = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    for (Instant now = START; now.isBefore(START.plus(length)); now = now.plus(SYNC)) {
      Instant at = now;
      long ready = pods.stream().filter(p -> p.ready(at)).count();
      double perPod =
          ready == 0 ? 0 : load.applyAsDouble(Duration.between(START, now).toSeconds()) / ready;
      Map<String, PodMetric> samples = new LinkedHashMap<>();
      List<PodState> states = new ArrayList<>();
      for (SimPod pod : pods) {
        Instant readySince = pod.ready(now) ? pod.started().plus(pod.readyAfter()) : pod.started();
        states.add(
            new PodState(pod.name(), false, "Running", pod.ready(now), readySince, pod.started()));
        samples.put(
            pod.name(),
            pod.reports(now)
                ? new PodMetric(pod.ready(now) ? perPod : 0, 1.0, now, Duration.ofSeconds(30))
                : PodMetric.missing(1.0));
      }
      double shown =
          samples.values().stream()
                  .filter(s -> s.usage() != null)
                  .mapToDouble(PodMetric::usage)
                  .average()
                  .orElse(0)
              * 100;
      TriggerReading cpu =
          TriggerReading.ofPods("cpu", shown, now, aim, Duration.ofMinutes(5), samples);
      ScalingDecision decision =
          ReplicaCalculator.decide(
              new ScalingInput(
                  now,
                  pods.size(),
                  1,
                  20,
                  0,
                  BudgetCeiling.NONE,
                  List.of(cpu),
                  ScalingRules.DEFAULT_SCALE_UP,
                  ScalingRules.DEFAULT_SCALE_DOWN,
                  history,
                  states));
      history = decision.history();
      int desired = decision.desiredReplicas();
      if (desired != pods.size()) {
        history = history.scaled(now, desired - pods.size());
        changes.add(Duration.between(START, now).toSeconds() + ":" + desired);
        while (pods.size() > desired) {
          pods.remove(pods.size() - 1);
        }
        while (pods.size() < desired) {
          pods.add(new SimPod("pod-" + counter++, now, readyAfter, reportsAfter));
        }
      }
      replicas.add(pods.size());
    }
    return new Run(replicas, changes);
  }

  @Test
  void newPodsReportingLateCauseNoOvershoot() {
    // 1 core of load at a 50% target needs 2 pods; new pods are ready and report after 60 s.
    // The band form before this change went 1 -> 2 -> 4 -> 8 -> 16 in 45 s (issue 12).
    Run run =
        run(
            1,
            Duration.ofMinutes(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            t -> 1.0,
            Aim.target(Aim.Kind.Utilization, 50));
    assertThat(run.changes()).containsExactly("0:2");
    assertThat(run.highest()).isEqualTo(2);
  }

  @Test
  void aLoadThatTriplesIsFollowedWithoutOvershootingAndShedAfterTheWindow() {
    // 1 core, then 3 cores from minute 2 (6 pods at 50%), back to 1 core at minute 12.
    Run run =
        run(
            2,
            Duration.ofMinutes(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            t -> t >= 120 && t < 720 ? 3.0 : 1.0,
            Aim.target(Aim.Kind.Utilization, 50));
    assertThat(run.highest()).as("never above what the load needs").isEqualTo(6);
    assertThat(run.changes()).containsExactly("120:6", "1020:2");
  }

  @Test
  void aSteadyLoadJustUnderTheBandHoldsInsteadOfFlapping() {
    // 0.75 cores on 2 pods is 37.5%, under a 40..70 band. "At least one fewer" took it to 1 (75%,
    // above the band) and back every 5.5 minutes: 12 changes in 30 minutes. Now it holds 2.
    Run run =
        run(
            2,
            Duration.ofMinutes(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            t -> 0.75,
            Aim.band(Aim.Kind.Utilization, 70, 40));
    assertThat(run.changes()).isEmpty();
    assertThat(run.replicas()).containsOnly(2);
  }

  @Test
  void aNoisyLoadAroundTheTargetStaysWithinTheTolerance() {
    // 2 cores on 4 pods at a 50% target, with +-8% noise: inside the 0.1 tolerance, no change.
    Run run =
        run(
            4,
            Duration.ofMinutes(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            t -> 2.0 * (1 + 0.08 * Math.sin(t / 47.0)),
            Aim.target(Aim.Kind.Utilization, 50));
    assertThat(run.changes()).isEmpty();
  }
}
