package dev.costguard.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ScalingBehavior.SelectPolicy;
import dev.costguard.api.v1alpha1.ScalingBehavior.StepType;
import dev.costguard.scaling.ReplicaHistory.Recommendation;
import dev.costguard.scaling.ReplicaHistory.ScaleEvent;
import dev.costguard.scaling.ScalingDecision.Direction;
import dev.costguard.scaling.ScalingDecision.LimitedBy;
import dev.costguard.scaling.ScalingRules.StepLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaCalculatorTest {
  static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");
  static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  /** A policy 1..10 on a cpu band 40..70 (middle 55), HPA default behaviour, no history. */
  record Case(
      String name,
      int current,
      List<TriggerReading> readings,
      ReplicaHistory history,
      int scheduledMinimum,
      BudgetCeiling budget,
      ScalingRules up,
      ScalingRules down,
      int expected,
      Direction direction,
      String reason,
      LimitedBy limitedBy) {
    Case(
        String name,
        int current,
        List<TriggerReading> readings,
        int expected,
        Direction direction,
        String reason) {
      this(
          name,
          current,
          readings,
          ReplicaHistory.EMPTY,
          0,
          BudgetCeiling.NONE,
          ScalingRules.DEFAULT_SCALE_UP,
          ScalingRules.DEFAULT_SCALE_DOWN,
          expected,
          direction,
          reason,
          null);
    }

    Case history(ReplicaHistory h) {
      return new Case(
          name,
          current,
          readings,
          h,
          scheduledMinimum,
          budget,
          up,
          down,
          expected,
          direction,
          reason,
          limitedBy);
    }

    Case schedule(int minimum) {
      return new Case(
          name, current, readings, history, minimum, budget, up, down, expected, direction, reason,
          limitedBy);
    }

    Case budget(BudgetCeiling b) {
      return new Case(
          name,
          current,
          readings,
          history,
          scheduledMinimum,
          b,
          up,
          down,
          expected,
          direction,
          reason,
          limitedBy);
    }

    Case rules(ScalingRules u, ScalingRules d) {
      return new Case(
          name,
          current,
          readings,
          history,
          scheduledMinimum,
          budget,
          u,
          d,
          expected,
          direction,
          reason,
          limitedBy);
    }

    Case limitedBy(LimitedBy l) {
      return new Case(
          name,
          current,
          readings,
          history,
          scheduledMinimum,
          budget,
          up,
          down,
          expected,
          direction,
          reason,
          l);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static TriggerReading cpu(double value) {
    return TriggerReading.known("cpu", value, NOW.minusSeconds(10), 70, 40, FIVE_MINUTES);
  }

  static TriggerReading queue(double value) {
    return TriggerReading.known("queue", value, NOW.minusSeconds(10), 100, 10, FIVE_MINUTES);
  }

  static TriggerReading stale(double value) {
    return TriggerReading.known(
        "cpu", value, NOW.minus(Duration.ofMinutes(6)), 70, 40, FIVE_MINUTES);
  }

  /** {@code n} pods, running and ready for an hour. */
  static List<PodState> readyPods(int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(
            i ->
                new PodState(
                    "app-" + i,
                    false,
                    "Running",
                    true,
                    NOW.minusSeconds(3600),
                    NOW.minusSeconds(3600)))
        .toList();
  }

  static TriggerReading unknown() {
    return TriggerReading.unknown("gpu", "query returned no series", 80, 20, FIVE_MINUTES);
  }

  /** Recommended {@code replicas} since {@code secondsAgo}. */
  static ReplicaHistory recommended(Object... secondsAgoThenReplicas) {
    List<Recommendation> list = new java.util.ArrayList<>();
    for (int i = 0; i < secondsAgoThenReplicas.length; i += 2) {
      list.add(
          new Recommendation(
              NOW.minusSeconds((Integer) secondsAgoThenReplicas[i]),
              (Integer) secondsAgoThenReplicas[i + 1]));
    }
    return new ReplicaHistory(list, List.of());
  }

  static ScalingRules rules(Duration window, SelectPolicy select, StepLimit... limits) {
    return new ScalingRules(window, select, List.of(limits));
  }

  static StepLimit pods(int value, int periodSeconds) {
    return new StepLimit(StepType.Pods, value, Duration.ofSeconds(periodSeconds));
  }

  static StepLimit percent(int value, int periodSeconds) {
    return new StepLimit(StepType.Percent, value, Duration.ofSeconds(periodSeconds));
  }

  static Stream<Case> bands() {
    return Stream.of(
        new Case("inside the band holds", 4, List.of(cpu(55)), 4, Direction.None, "Metrics"),
        new Case("on the upper edge holds", 4, List.of(cpu(70)), 4, Direction.None, "Metrics"),
        new Case(
            "above the band scales to bring the value to the band's middle",
            4,
            List.of(cpu(88)),
            7,
            Direction.Up,
            "Metrics"),
        new Case(
            "just above the band adds at least one replica",
            4,
            List.of(cpu(71)),
            6,
            Direction.Up,
            "Metrics"),
        new Case(
                "far above the band stops at maxReplicas",
                4,
                List.of(cpu(400)),
                8,
                Direction.Up,
                "Metrics")
            .limitedBy(LimitedBy.MaxReplicas),
        // HPA: a new autoscaler's history starts with the current replicas, so no scale-down at
        // once
        new Case(
            "a new policy below the band waits out the stabilisation window",
            4,
            List.of(cpu(20)),
            4,
            Direction.None,
            "Metrics"),
        new Case(
                "below the band, after the window, scales towards the middle",
                4,
                List.of(cpu(20)),
                2,
                Direction.Down,
                "Metrics")
            .history(recommended(400, 4, 301, 2)),
        // HPA: from zero replicas the proposal is ceil(value / target), tolerance ignored
        new Case(
            "zero replicas above the band ask ceil(value / middle)",
            0,
            List.of(cpu(90)),
            2,
            Direction.Up,
            "Metrics"),
        new Case(
            "one trigger up and one down scales up",
            4,
            List.of(cpu(90), queue(5)),
            7,
            Direction.Up,
            "Metrics"),
        new Case(
            "one trigger down and one in band holds",
            4,
            List.of(cpu(20), queue(50)),
            4,
            Direction.None,
            "Metrics"),
        new Case(
                "both triggers down take the higher recommendation",
                6,
                List.of(cpu(30), queue(1)),
                4,
                Direction.Down,
                "Metrics")
            .history(recommended(400, 6, 301, 1)),
        new Case("no triggers hold", 3, List.of(), 3, Direction.None, "Metrics"));
  }

  static Stream<Case> unknownAndStale() {
    return Stream.of(
        new Case(
            "a stale value never scales down", 4, List.of(stale(5)), 4, Direction.None, "Metrics"),
        new Case(
            "an unknown trigger blocks a scale-down the other asks for",
            4,
            List.of(cpu(10), unknown()),
            4,
            Direction.None,
            "Metrics"),
        new Case(
            "an unknown trigger does not block a scale-up",
            4,
            List.of(cpu(90), unknown()),
            7,
            Direction.Up,
            "Metrics"),
        new Case(
            "a stale value above the band does not scale up either",
            4,
            List.of(stale(95)),
            4,
            Direction.None,
            "Metrics"),
        new Case(
            "NaN is unknown",
            4,
            List.of(TriggerReading.known("cpu", Double.NaN, NOW, 70, 40, FIVE_MINUTES)),
            4,
            Direction.None,
            "Metrics"));
  }

  static Stream<Case> stabilisation() {
    return Stream.of(
        new Case(
                "scale-down waits for the window: a higher recommendation 200 s ago holds",
                6,
                List.of(cpu(10)),
                6,
                Direction.None,
                "Metrics")
            .history(recommended(200, 6)),
        new Case(
                "after the window the scale-down happens",
                6,
                List.of(cpu(10)),
                2,
                Direction.Down,
                "Metrics")
            .history(recommended(400, 6, 301, 2)),
        new Case(
                "within the window the highest recent recommendation wins",
                6,
                List.of(cpu(10)),
                4,
                Direction.Down,
                "Metrics")
            .history(recommended(400, 6, 310, 4, 100, 2)),
        new Case(
                "a scale-up window takes the lowest recent recommendation",
                4,
                List.of(cpu(90)),
                5,
                Direction.Up,
                "Metrics")
            .history(recommended(100, 5))
            .rules(
                rules(Duration.ofSeconds(120), SelectPolicy.Max, pods(10, 15)),
                ScalingRules.DEFAULT_SCALE_DOWN),
        new Case(
                "history from before a restart still holds the scale-down",
                6,
                List.of(cpu(10)),
                6,
                Direction.None,
                "Metrics")
            .history(recommended(30, 6)));
  }

  static Stream<Case> stepPolicies() {
    ScalingRules twoPodsPerMinute = rules(Duration.ZERO, SelectPolicy.Max, pods(2, 60));
    ScalingRules noWindowDown = rules(Duration.ZERO, SelectPolicy.Max, pods(1, 60));
    return Stream.of(
        new Case(
            "default scale-up doubles or adds four pods, whichever is more (2 -> 6)",
            2,
            List.of(cpu(300)),
            6,
            Direction.Up,
            "Metrics"),
        new Case(
                "default scale-up doubles a larger fleet (5 -> 10), within maxReplicas",
                5,
                List.of(cpu(300)),
                8,
                Direction.Up,
                "Metrics")
            .limitedBy(LimitedBy.MaxReplicas),
        new Case("Pods policy caps the step", 2, List.of(cpu(300)), 4, Direction.Up, "Metrics")
            .rules(twoPodsPerMinute, ScalingRules.DEFAULT_SCALE_DOWN),
        new Case(
                "Pods policy counts changes already made in the period",
                4,
                List.of(cpu(300)),
                4,
                Direction.None,
                "Metrics")
            .history(
                new ReplicaHistory(List.of(), List.of(new ScaleEvent(NOW.minusSeconds(30), 2))))
            .rules(twoPodsPerMinute, ScalingRules.DEFAULT_SCALE_DOWN),
        new Case(
                "after the period the next step is allowed",
                4,
                List.of(cpu(300)),
                6,
                Direction.Up,
                "Metrics")
            .history(
                new ReplicaHistory(List.of(), List.of(new ScaleEvent(NOW.minusSeconds(61), 2))))
            .rules(twoPodsPerMinute, ScalingRules.DEFAULT_SCALE_DOWN),
        new Case(
                "selectPolicy Min picks the smaller step",
                4,
                List.of(cpu(300)),
                5,
                Direction.Up,
                "Metrics")
            .rules(
                rules(Duration.ZERO, SelectPolicy.Min, pods(1, 15), percent(100, 15)),
                ScalingRules.DEFAULT_SCALE_DOWN),
        new Case(
                "selectPolicy Disabled never scales that way",
                4,
                List.of(cpu(300)),
                4,
                Direction.None,
                "Metrics")
            .rules(rules(Duration.ZERO, SelectPolicy.Disabled), ScalingRules.DEFAULT_SCALE_DOWN),
        new Case(
                "scale-down by one pod per minute",
                8,
                List.of(cpu(5)),
                7,
                Direction.Down,
                "Metrics")
            .rules(ScalingRules.DEFAULT_SCALE_UP, noWindowDown),
        new Case(
                "scale-down by Percent truncates as the HPA does (5 less 50% is 2)",
                5, List.of(cpu(1)), 2, Direction.Down, "Metrics")
            .rules(
                ScalingRules.DEFAULT_SCALE_UP,
                rules(Duration.ZERO, SelectPolicy.Max, percent(50, 60))),
        new Case(
                "scale-down counts removals already made in the period",
                7,
                List.of(cpu(5)),
                7,
                Direction.None,
                "Metrics")
            .history(
                new ReplicaHistory(List.of(), List.of(new ScaleEvent(NOW.minusSeconds(20), -1))))
            .rules(ScalingRules.DEFAULT_SCALE_UP, noWindowDown));
  }

  static Stream<Case> floorsAndCeilings() {
    return Stream.of(
        new Case(
                "a schedule window raises the floor at once",
                1,
                List.of(cpu(50)),
                3,
                Direction.Up,
                "Schedule")
            .schedule(3)
            .limitedBy(LimitedBy.Schedule),
        new Case(
                "a schedule window holds replicas the metrics would shed",
                3,
                List.of(cpu(5)),
                3,
                Direction.None,
                "Schedule")
            .history(recommended(400, 3, 301, 1))
            .schedule(3)
            .limitedBy(LimitedBy.Schedule),
        new Case(
                "metrics above the schedule floor still scale up",
                3,
                List.of(cpu(90)),
                5,
                Direction.Up,
                "Metrics")
            .schedule(3),
        new Case(
                "metrics asking beyond maxReplicas report MaxReplicas",
                8,
                List.of(cpu(90)),
                8,
                Direction.None,
                "MaxReplicas")
            .limitedBy(LimitedBy.MaxReplicas),
        new Case("the budget caps a scale-up", 3, List.of(cpu(90)), 4, Direction.Up, "Metrics")
            .budget(new BudgetCeiling(OptionalInt.of(4), false, false))
            .limitedBy(LimitedBy.Budget),
        new Case(
                "the budget cap lowers replicas above it at once",
                6,
                List.of(cpu(55)),
                2,
                Direction.Down,
                "Budget")
            .budget(new BudgetCeiling(OptionalInt.of(2), false, false))
            .limitedBy(LimitedBy.Budget),
        new Case(
                "no money left keeps minReplicas", 3, List.of(cpu(55)), 1, Direction.Down, "Budget")
            .budget(new BudgetCeiling(OptionalInt.of(0), false, false))
            .limitedBy(LimitedBy.Budget),
        new Case(
                "the budget cap wins over a schedule window",
                1,
                List.of(cpu(55)),
                2,
                Direction.Up,
                "Schedule")
            .schedule(4)
            .budget(new BudgetCeiling(OptionalInt.of(2), false, false))
            .limitedBy(LimitedBy.Budget),
        new Case(
                "BlockScaleUp keeps current replicas",
                3,
                List.of(cpu(95)),
                3,
                Direction.None,
                "Budget")
            .budget(new BudgetCeiling(OptionalInt.empty(), true, false))
            .limitedBy(LimitedBy.Budget),
        new Case(
                "BlockScaleUp still lets metrics scale down",
                4,
                List.of(cpu(20)),
                2,
                Direction.Down,
                "Metrics")
            .history(recommended(400, 4, 301, 2))
            .budget(new BudgetCeiling(OptionalInt.empty(), true, false)),
        new Case(
                "ScaleToMinimum goes to minReplicas at once",
                6,
                List.of(cpu(95)),
                1,
                Direction.Down,
                "Budget")
            .budget(new BudgetCeiling(OptionalInt.empty(), false, true))
            .limitedBy(LimitedBy.Budget));
  }

  static Stream<Arguments> everyTable() {
    return Stream.of(
            bands(), unknownAndStale(), stabilisation(), stepPolicies(), floorsAndCeilings())
        .flatMap(s -> s)
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyTable")
  void decides(Case c) {
    ScalingDecision decision =
        ReplicaCalculator.decide(
            new ScalingInput(
                NOW,
                c.current(),
                1,
                8,
                c.scheduledMinimum(),
                c.budget(),
                c.readings(),
                c.up(),
                c.down(),
                c.history(),
                readyPods(c.current())));
    assertThat(decision.desiredReplicas()).as("desired").isEqualTo(c.expected());
    assertThat(decision.direction()).as("direction").isEqualTo(c.direction());
    assertThat(decision.reason()).as("reason").isEqualTo(c.reason());
    assertThat(decision.limitedBy()).as("limitedBy").isEqualTo(c.limitedBy());
  }
}
