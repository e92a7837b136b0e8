package dev.costguard.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.scaling.MetricReplicas.Proposal;
import dev.costguard.scaling.MetricReplicas.Tolerance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One trigger's proposal against the Kubernetes HPA's replica calculator
 * (pkg/controller/podautoscaler/replica_calculator.go and its _test.go): inputs → replicas, or the
 * reason it cannot say. Each case names the HPA behaviour it pins.
 */
class HpaReplicaCalculationTest {
  static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");
  static final Tolerance DEFAULT = new Tolerance(0.1, 0.1);

  /**
   * A pod: phase, ready, seconds since start, seconds since Ready changed; usage in millicores of a
   * 1-core request.
   */
  record P(
      String phase,
      Boolean ready,
      int startedAgo,
      int readyAgo,
      Integer millicores,
      int sampledAgo) {}

  static P ready(Integer millicores) {
    return new P("Running", true, 3600, 3590, millicores, 10);
  }

  static P missing() {
    return ready(null);
  }

  static P unready(Integer millicores) {
    return new P("Running", false, 3600, 3590, millicores, 10);
  }

  static P pending() {
    return new P("Pending", null, 0, 0, null, 0);
  }

  static P starting(boolean isReady, int startedAgo, int readyAgo, int millicores, int sampledAgo) {
    return new P("Running", isReady, startedAgo, readyAgo, millicores, sampledAgo);
  }

  record Case(
      String name,
      int current,
      List<P> pods,
      Aim aim,
      Tolerance tolerance,
      boolean cpu,
      int expected,
      String unknown) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case cpu(String name, int current, Aim aim, int expected, P... pods) {
    return new Case(name, current, List.of(pods), aim, DEFAULT, true, expected, null);
  }

  static Aim utilisation(int percent) {
    return Aim.target(Aim.Kind.Utilization, percent);
  }

  static Stream<Case> resourceCases() {
    return Stream.of(
        // HPA: ratio over ready pods, ceil(ratio x ready pods)
        cpu(
            "scale up: 50% used of a 30% target on 3 pods asks 5",
            3, utilisation(30), 5, ready(300), ready(500), ready(700)),
        cpu(
            "scale down: 28% used of a 50% target on 5 pods asks 3",
            5, utilisation(50), 3, ready(100), ready(300), ready(500), ready(250), ready(250)),
        // HPA: |1 - ratio| <= 0.1 holds
        cpu(
            "within the tolerance holds (ratio 1.05)",
            3,
            utilisation(100),
            3,
            ready(1050),
            ready(1050),
            ready(1050)),
        cpu(
            "just outside the tolerance scales (ratio 1.2)",
            3,
            utilisation(100),
            4,
            ready(1200),
            ready(1200),
            ready(1200)),
        // HPA: the pods that exist count, not spec.replicas (issue: 4 in spec, one pod at twice the
        // target)
        cpu(
            "one existing pod at twice the target with 4 in spec asks 2, not 8",
            4,
            utilisation(50),
            2,
            ready(1000)),
        // HPA groupPods: pending pods are set aside and count as 0 on a scale-up
        cpu(
            "a pending pod counts as idle on a scale-up (300% + 0 over 2 pods asks 3)",
            2, utilisation(50), 3, ready(1500), pending()),
        cpu(
            "a pending pod's idle share can bring the ratio to the target: holds",
            2,
            utilisation(50),
            2,
            ready(1000),
            pending()),
        // HPA: unready CPU pods are set aside; on a scale-up they count as 0 (rebalanceIgnored)
        cpu(
            "an unready pod counts as idle on a scale-up",
            3,
            utilisation(50),
            4,
            ready(1000),
            ready(1000),
            unready(900)),
        // HPA: unready pods do not join a scale-down (no rebalance below ratio 1)
        cpu(
            "an unready pod does not hold back a scale-down",
            3,
            utilisation(50),
            1,
            ready(100),
            ready(100),
            unready(900)),
        // HPA: missing metrics count as 0 on a scale-up
        cpu(
            "a pod without metrics counts as idle on a scale-up",
            3,
            utilisation(50),
            4,
            ready(1000),
            ready(1000),
            missing()),
        // HPA: missing metrics count as 100% of the request on a scale-down
        cpu(
            "a pod without metrics counts as fully used on a scale-down",
            3,
            utilisation(50),
            3,
            ready(100),
            ready(100),
            missing()),
        cpu(
            "several pods without metrics: scale-down to what their full use leaves",
            4,
            utilisation(100),
            4,
            ready(100),
            missing(),
            missing(),
            missing()),
        // HPA: when the assumed values reverse the direction, replicas stay
        cpu(
            "assuming missing pods idle must not turn a scale-up into a scale-down",
            4,
            utilisation(50),
            4,
            ready(600),
            missing(),
            missing(),
            missing()),
        // HPA: within the CPU initialization period a ready pod whose sample began before it was
        // ready is set aside
        cpu(
            "a new pod's sample from before it was ready is set aside",
            2,
            utilisation(50),
            3,
            ready(1500),
            starting(true, 60, 5, 1000, 1)),
        cpu(
            "a new pod ready for a full window counts",
            2,
            utilisation(50),
            4,
            ready(1000),
            starting(true, 120, 60, 1000, 10)),
        // HPA: after the initialization period, an unready pod that was never ready (within the
        // readiness delay) is set aside
        cpu(
            "a pod unready since its start is set aside",
            2,
            utilisation(50),
            3,
            ready(1500),
            new P("Running", false, 600, 590, 1000, 10)),
        // HPA: after the initialization period, a pod that was ready and became unready still
        // counts
        cpu(
            "a pod that was ready and became unready later still counts",
            2,
            utilisation(50),
            4,
            ready(1000),
            new P("Running", false, 600, 60, 1000, 10)),
        // HPA: deleted and failed pods do not count at all
        cpu(
            "a failed pod does not count",
            2,
            utilisation(50),
            2,
            ready(1000),
            new P("Failed", false, 600, 600, null, 0)),
        // HPA: readiness rules apply to CPU only; a memory sample of an unready pod counts
        new Case(
            "memory: an unready pod's sample counts",
            2,
            List.of(ready(1000), unready(1000)),
            utilisation(50),
            DEFAULT,
            false,
            4,
            null),
        // HPA: AverageValue of a resource compares the average per pod; missing pods count as the
        // target on a scale-down
        cpu(
            "AverageValue 500m per pod with 3 pods at 1 core asks 6",
            3,
            Aim.target(Aim.Kind.AverageValue, 0.5),
            6,
            ready(1000),
            ready(1000),
            ready(1000)),
        // HPA: no pods, or no ready pod with metrics: the metric is invalid
        new Case(
            "no pods exist",
            2,
            List.of(),
            utilisation(50),
            DEFAULT,
            true,
            -1,
            "no pods of the target exist"),
        cpu("no ready pod has metrics", 2, utilisation(50), -1, missing(), pending()),
        // Recent HPA: a per-direction tolerance (behavior.scaleUp.tolerance)
        new Case(
            "a scale-up tolerance of 0.05 scales at ratio 1.08",
            3,
            List.of(ready(1080), ready(1080), ready(1080)),
            utilisation(100),
            new Tolerance(0.05, 0.1),
            true,
            4,
            null),
        new Case(
            "a scale-down tolerance of 0.3 holds at ratio 0.75",
            4,
            List.of(ready(750), ready(750), ready(750), ready(750)),
            utilisation(100),
            new Tolerance(0.1, 0.3),
            true,
            4,
            null),
        // A band is a target at its middle with the band as tolerance
        cpu(
            "band 40..70: 80% on 4 pods asks ceil(4 x 80 / 55) = 6",
            4,
            Aim.band(Aim.Kind.Utilization, 70, 40),
            6,
            ready(800),
            ready(800),
            ready(800),
            ready(800)),
        cpu(
            "band 40..70: 41% holds; no 'at least one fewer'",
            2, Aim.band(Aim.Kind.Utilization, 70, 40), 2, ready(410), ready(410)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resourceCases")
  void resourceTriggers(Case c) {
    Map<String, PodMetric> samples = new LinkedHashMap<>();
    List<PodState> states = new ArrayList<>();
    for (int i = 0; i < c.pods().size(); i++) {
      P p = c.pods().get(i);
      String name = "pod-" + i;
      states.add(
          new PodState(
              name,
              false,
              p.phase(),
              p.ready(),
              p.ready() == null ? null : NOW.minusSeconds(p.readyAgo()),
              p.phase().equals("Pending") ? null : NOW.minusSeconds(p.startedAgo())));
      double request = 1.0;
      samples.put(
          name,
          p.millicores() == null
              ? PodMetric.missing(request)
              : new PodMetric(
                  p.millicores() / 1000.0,
                  request,
                  NOW.minusSeconds(p.sampledAgo()),
                  Duration.ofSeconds(30)));
    }
    TriggerReading reading =
        TriggerReading.ofPods(
            c.cpu() ? "cpu" : "memory", 0, NOW, c.aim(), Duration.ofMinutes(5), samples);
    Proposal proposal =
        MetricReplicas.propose(reading, c.current(), states, c.tolerance(), c.cpu(), NOW);
    if (c.unknown() != null) {
      assertThat(proposal.unknownReason()).isEqualTo(c.unknown());
    } else if (c.expected() < 0) {
      assertThat(proposal.isKnown()).as("unknown").isFalse();
    } else {
      assertThat(proposal.unknownReason()).isNull();
      assertThat(proposal.replicas()).isEqualTo(c.expected());
    }
  }

  record ValueCase(String name, int current, int readyPods, double value, Aim aim, int expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ValueCase> valueCases() {
    Aim value100 = Aim.target(Aim.Kind.Value, 100);
    Aim average100 = Aim.target(Aim.Kind.AverageValue, 100);
    return Stream.of(
        // HPA external Value: ceil(ratio x ready pods)
        new ValueCase("Value 250 of target 100 on 2 ready pods asks 5", 2, 2, 250, value100, 5),
        new ValueCase("Value counts ready pods, not spec.replicas", 4, 1, 250, value100, 3),
        new ValueCase("Value within the tolerance holds", 3, 3, 105, value100, 3),
        // HPA getUsageRatioReplicaCount: from zero, ceil(value / target) and no tolerance
        new ValueCase("from zero: ceil(250 / 100) = 3", 0, 0, 250, value100, 3),
        new ValueCase("from zero at the target asks 1 (tolerance ignored)", 0, 0, 100, value100, 1),
        new ValueCase("from zero with nothing to do stays at 0", 0, 0, 0, value100, 0),
        // HPA external AverageValue: ceil(value / target), tolerance against target x replicas
        new ValueCase("AverageValue 500 of 100 per pod asks 5", 3, 3, 500, average100, 5),
        new ValueCase("AverageValue within the tolerance holds", 5, 5, 520, average100, 5),
        new ValueCase("AverageValue from zero asks ceil(value / target)", 0, 0, 150, average100, 2),
        // Deliberate difference: no ready pod gives no proposal (the HPA would ask for 0)
        new ValueCase("Value with no ready pod cannot say", 2, 0, 250, value100, -1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueCases")
  void singleValueTriggers(ValueCase c) {
    List<PodState> pods = new ArrayList<>();
    for (int i = 0; i < c.readyPods(); i++) {
      pods.add(
          new PodState(
              "pod-" + i, false, "Running", true, NOW.minusSeconds(600), NOW.minusSeconds(600)));
    }
    pods.add(new PodState("starting", false, "Running", false, NOW, NOW));
    TriggerReading reading =
        TriggerReading.known("queue", c.value(), NOW, c.aim(), Duration.ofMinutes(5));
    Proposal proposal = MetricReplicas.propose(reading, c.current(), pods, DEFAULT, false, NOW);
    if (c.expected() < 0) {
      assertThat(proposal.isKnown()).isFalse();
    } else {
      assertThat(proposal.replicas()).isEqualTo(c.expected());
    }
  }
}
