package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.testing.MutableClock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cap's decision. The fleet: Deployment {@code chat} (priority 10, 2 replicas at 1 USD/h),
 * Deployment {@code batch} (priority 0, 4 replicas at 0.5 USD/h) and StatefulSet {@code embed}
 * (priority 0, 2 replicas at 1 USD/h); a day ending at midnight; expectations read {@code
 * "name=allowed"} in priority order, then by kind and name.
 */
class BudgetCapTest {
  private static final Instant END = Instant.parse("2026-06-11T00:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  static Stream<Arguments> decisions() {
    return Stream.of(
        row(
            "money for everything: nothing capped",
            "100",
            "0",
            10,
            "0",
            all(),
            "chat=2 batch=4 embed=2"),
        // 10 h left, 50 left: 5/h. chat 2, then batch and embed share 3/h level by level:
        // level 1 costs 1.5, level 2 costs 3 -> batch 2, embed 2 is 3.0 -> exactly 3.
        row("the lowest priority goes first", "50", "0", 10, "0", all(), "chat=2 batch=2 embed=2"),
        // 2.5/h: chat 2 (2/h), 0.5 left: level 0 in the low group, then one batch replica (0.5).
        row(
            "a cheap low-priority replica takes money too little for an expensive one",
            "25",
            "0",
            10,
            "0",
            all(),
            "chat=2 batch=1 embed=0"),
        row(
            "1.5/h: the high priority keeps one",
            "15",
            "0",
            10,
            "0",
            all(),
            "chat=1 batch=1 embed=0"),
        row(
            "no money left: everything to zero",
            "100",
            "100",
            10,
            "0",
            all(),
            "chat=0 batch=0 embed=0"),
        row(
            "overspent: still zero, never negative",
            "100",
            "130",
            10,
            "0",
            all(),
            "chat=0 batch=0 embed=0"),
        // 5/h affordable, exempt pods take 4/h: 1/h for the capped ones.
        row(
            "what the cap does not govern is paid first",
            "50",
            "0",
            10,
            "4",
            all(),
            "chat=1 batch=0 embed=0"),
        row(
            "critical spend above the money: all capped to zero",
            "50",
            "0",
            10,
            "6",
            all(),
            "chat=0 batch=0 embed=0"),
        // 3.1/h: the money pays for 3, but a workload capped at 2 rises only once the plan
        // fits with 5% of the affordable rate to spare (2.945/h): it stays at 2; at 3.3/h it rises.
        row(
            "scale-up waits for headroom: no flapping around a replica's price",
            "31",
            "0",
            10,
            "0",
            List.of(chat(4, 2)),
            "chat=2"),
        row(
            "scale-up once the money pays for it with headroom",
            "33",
            "0",
            10,
            "0",
            List.of(chat(4, 2)),
            "chat=3"),
        row(
            "scale-down is immediate, whatever the last decision",
            "25",
            "0",
            10,
            "0",
            List.of(chat(2, 2), batch(4, 4), embed(2, 2)),
            "chat=2 batch=1 embed=0"),
        row(
            "a raised limit lets capped workloads back up",
            "200",
            "40",
            10,
            "0",
            List.of(chat(2, 1), batch(4, 0), embed(2, 0)),
            "chat=2 batch=4 embed=2"),
        // 3/h as in "scale-down" but chat now runs at half the price: embed gets a replica.
        row(
            "a cheaper placement affords more",
            "30",
            "0",
            10,
            "0",
            List.of(cand("Deployment", "chat", 10, 2, "0.5", 2), batch(4, 1), embed(2, 0)),
            "chat=2 batch=1 embed=1"),
        row(
            "the same money at the old price",
            "30",
            "0",
            10,
            "0",
            List.of(chat(2, 2), batch(4, 1), embed(2, 0)),
            "chat=2 batch=1 embed=0"),
        row(
            "a replica that costs nothing is never capped",
            "10",
            "10",
            10,
            "0",
            List.of(chat(2, null), cand("Deployment", "free", 0, 3, "0", null)),
            "chat=0 free=3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decides(String scenario, BudgetCap.Input input, String expected) {
    assertThat(render(BudgetCap.decide(input))).isEqualTo(expected);
  }

  @Test
  void theProjectedSpendAtEachDecisionStaysWithinTheLimit() {
    for (String limit : List.of("1", "7.5", "15", "25", "50")) {
      for (int hoursLeft = 1; hoursLeft <= 24; hoursLeft++) {
        BudgetCap.Decision d = BudgetCap.decide(input(limit, "0", hoursLeft, "0.3", all()));
        BigDecimal projected = d.plannedCostPerHour().multiply(BigDecimal.valueOf(hoursLeft));
        if (!d.uncappedOverAffordable()) {
          assertThat(projected)
              .as("limit %s, %d h left", limit, hoursLeft)
              .isLessThanOrEqualTo(new BigDecimal(limit));
        }
      }
    }
  }

  @Test
  void theStatusReportsTheAffordableRateAndTheOvershootBound() {
    BudgetCap.Decision d = BudgetCap.decide(input("50", "10", 10, "1", all()));
    assertThat(d.affordableCostPerHour()).isEqualByComparingTo("4");
    // one minute of 1 + 2 + 2 + 2 = 7 USD/h
    assertThat(d.overshootBound()).isEqualByComparingTo("0.116667");
    assertThat(d.capped()).isTrue();
    assertThat(d.uncappedOverAffordable()).isFalse();
  }

  /**
   * A whole day with an evaluation every minute, where the workloads obey each decision one
   * interval late (pods terminating, the worst case the bound allows for): the day ends within the
   * bound of its limit; obeying at once, it ends at or under the limit. The uncapped day shows the
   * overshoot the cap prevents.
   */
  @Test
  void aDayUnderTheCapEndsWithinOneIntervalOfItsLimit() {
    BigDecimal limit = new BigDecimal("60");
    BigDecimal uncapped = new BigDecimal("0.25");
    BigDecimal atWanted = uncapped.add(new BigDecimal("6")); // chat 2 + batch 2 + embed 2
    BigDecimal bound = atWanted.divide(BigDecimal.valueOf(60), 6, RoundingMode.UP);

    BigDecimal lagged = simulateDay(limit, uncapped, true);
    BigDecimal prompt = simulateDay(limit, uncapped, false);

    assertThat(lagged).isLessThanOrEqualTo(limit.add(bound));
    assertThat(prompt).isLessThanOrEqualTo(limit.add(new BigDecimal("0.000000001")));
    assertThat(prompt)
        .as("the cap uses the money, not just stops")
        .isGreaterThan(limit.multiply(new BigDecimal("0.9")));
    assertThat(atWanted.multiply(BigDecimal.valueOf(24)))
        .as("uncapped, the same fleet spends")
        .isGreaterThan(limit.multiply(BigDecimal.valueOf(2)));
  }

  private static BigDecimal simulateDay(BigDecimal limit, BigDecimal uncapped, boolean lagged) {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-10T00:00:00Z"));
    BigDecimal spent = BigDecimal.ZERO;
    List<BudgetCap.Candidate> fleet = all();
    BigDecimal runningRate = null; // what the workloads run at until the next evaluation
    while (clock.instant().isBefore(END)) {
      BudgetCap.Decision d =
          BudgetCap.decide(
              new BudgetCap.Input(limit, spent, clock.instant(), END, MINUTE, uncapped, fleet));
      if (runningRate == null || !lagged) {
        runningRate = d.plannedCostPerHour();
      }
      spent = spent.add(runningRate.divide(BigDecimal.valueOf(60), 12, RoundingMode.HALF_EVEN));
      runningRate = lagged ? d.plannedCostPerHour() : runningRate;
      fleet =
          d.allowances().stream()
              .map(
                  a ->
                      new BudgetCap.Candidate(
                          a.candidate().workload(),
                          a.candidate().priority(),
                          a.candidate().wanted(),
                          a.candidate().replicaCostPerHour(),
                          a.capped() ? a.allowed() : null))
              .toList();
      clock.advance(MINUTE);
    }
    return spent;
  }

  private static Arguments row(
      String scenario,
      String limit,
      String spent,
      int hoursLeft,
      String uncapped,
      List<BudgetCap.Candidate> candidates,
      String expected) {
    return Arguments.of(scenario, input(limit, spent, hoursLeft, uncapped, candidates), expected);
  }

  private static BudgetCap.Input input(
      String limit, String spent, int hoursLeft, String uncapped, List<BudgetCap.Candidate> c) {
    return new BudgetCap.Input(
        new BigDecimal(limit),
        new BigDecimal(spent),
        END.minus(Duration.ofHours(hoursLeft)),
        END,
        MINUTE,
        new BigDecimal(uncapped),
        c);
  }

  private static List<BudgetCap.Candidate> all() {
    return List.of(chat(2, null), batch(4, null), embed(2, null));
  }

  private static BudgetCap.Candidate chat(int wanted, Integer before) {
    return cand("Deployment", "chat", 10, wanted, "1", before);
  }

  private static BudgetCap.Candidate batch(int wanted, Integer before) {
    return cand("Deployment", "batch", 0, wanted, "0.5", before);
  }

  private static BudgetCap.Candidate embed(int wanted, Integer before) {
    return cand("StatefulSet", "embed", 0, wanted, "1", before);
  }

  private static BudgetCap.Candidate cand(
      String kind, String name, int priority, int wanted, String price, Integer before) {
    return new BudgetCap.Candidate(
        new WorkloadRef(kind, "ml", name), priority, wanted, new BigDecimal(price), before);
  }

  private static String render(BudgetCap.Decision decision) {
    return decision.allowances().stream()
        .map(a -> a.candidate().workload().name() + "=" + a.allowed())
        .collect(Collectors.joining(" "));
  }
}
