package dev.costguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.admission.AdmissionPlanner.Candidate;
import dev.costguard.admission.AdmissionPlanner.Decision;
import dev.costguard.admission.AdmissionPlanner.JobRef;
import dev.costguard.admission.AdmissionPlanner.Plan;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which waiting jobs start, in which order, and what is reserved. Every job runs one hour at the
 * cost given (so its estimate is that cost) unless said otherwise; the budget's limit is 100 and it
 * is 10:00. Expectations read {@code admit ml/a}, {@code queue 2 ml/b InsufficientBudget}, {@code
 * refuse ml/c NoRunTimeBound}, {@code reserve ml/x 30.00}.
 */
class AdmissionPlannerTest {
  private static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

  static Stream<Arguments> plans() {
    return Stream.of(
        scenario("a job that fits starts, and its estimate is reserved")
            .spent(20)
            .waiting("a", 0, 1, 50)
            .expect("admit ml/a")
            .money("50.00", "30.00"),
        scenario("priority first, then the older job; the rest waits in order")
            .spent(30)
            .waiting("a", 0, 1, 30)
            .waiting("b", 5, 2, 30)
            .waiting("c", 0, 0, 30)
            .waiting("d", 0, 3, 30)
            .expect(
                "admit ml/b",
                "admit ml/c",
                "queue 1 ml/a InsufficientBudget",
                "queue 2 ml/d InsufficientBudget")
            .money("60.00", "10.00"),
        scenario("a job that does not fit does not block a smaller one behind it")
            .spent(50)
            .waiting("big", 0, 0, 80)
            .waiting("small", 0, 1, 20)
            .expect("admit ml/small", "queue 1 ml/big InsufficientBudget")
            .money("20.00", "30.00"),
        scenario("a job costing more than the whole limit waits for a raised limit")
            .waiting("huge", 0, 0, 150)
            .expect("queue 1 ml/huge ExceedsLimit")
            .money("0.00", "100.00"),
        scenario("an admitted job reserves what the rest of its run time would cost")
            .spent(30)
            .admitted("x", 10, Duration.ofHours(4), Duration.ofHours(1))
            .waiting("a", 0, 1, 50)
            .expect("reserve ml/x 30.00", "queue 1 ml/a InsufficientBudget")
            .money("30.00", "40.00"),
        scenario("an admitted job past its maximum run time reserves nothing")
            .spent(30)
            .admitted("x", 10, Duration.ofHours(4), Duration.ofHours(5))
            .waiting("a", 0, 1, 50)
            .expect("admit ml/a")
            .money("50.00", "20.00"),
        scenario("a finished or re-suspended admitted job reserves nothing")
            .admittedFinished("done")
            .admittedSuspended("stopped")
            .waiting("a", 0, 1, 90)
            .expect("admit ml/a")
            .money("90.00", "10.00"),
        scenario("over the limit nothing fits, and nothing is ever negative")
            .spent(120)
            .waiting("a", 0, 1, 1)
            .expect("queue 1 ml/a InsufficientBudget")
            .money("0.00", "0.00"),
        scenario("while Suspend is in force nothing starts; each says why it waits")
            .blocked(AdmissionPlanner.BUDGET_SUSPENDED)
            .waiting("a", 0, 1, 30)
            .waiting("b", 0, 2, 90)
            .expect("queue 1 ml/a BudgetSuspended", "queue 2 ml/b InsufficientBudget")
            .money("0.00", "70.00"),
        scenario("dry run: admissible jobs are listed, none starts")
            .blocked(AdmissionPlanner.DRY_RUN)
            .waiting("a", 0, 1, 30)
            .expect("queue 1 ml/a DryRun")
            .money("0.00", "70.00"),
        scenario("refused: no maximum run time, or a namespace the budget does not select")
            .unpriced("unbounded", "NoRunTimeBound")
            .waitingElsewhere("stray", 10)
            .waiting("a", 0, 5, 10)
            .expect(
                "admit ml/a",
                "refuse ml/unbounded NoRunTimeBound",
                "refuse other/stray NamespaceNotSelected")
            .money("10.00", "90.00"),
        scenario("not candidates: a job a Costguard action holds, a running job never admitted")
            .heldByCostguard("held")
            .runningUnadmitted("running")
            .expect()
            .money("0.00", "100.00"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plans")
  void plan(Scenario scenario) {
    Plan plan =
        AdmissionPlanner.plan(
            new AdmissionPlanner.Input(
                new BigDecimal("100"), scenario.spent, scenario.blocked, NOW, scenario.candidates));
    List<String> decisions = new ArrayList<>();
    plan.admitted().forEach(d -> decisions.add(describe(d)));
    plan.queue().forEach(d -> decisions.add(describe(d)));
    assertThat(decisions).containsExactlyElementsOf(scenario.expected);
    assertThat(plan.reserved().setScale(2)).isEqualByComparingTo(scenario.reserved);
    assertThat(plan.available().setScale(2, java.math.RoundingMode.HALF_EVEN))
        .isEqualByComparingTo(scenario.available);
  }

  private static String describe(Decision d) {
    JobRef job = d.candidate().job();
    String where = job.namespace() + "/" + job.name();
    if (d.state().equals(AdmissionPlanner.ADMITTED)) {
      return d.admitNow()
          ? "admit " + where
          : "reserve " + where + " " + d.reserved().setScale(2).toPlainString();
    }
    return d.state().equals(AdmissionPlanner.REFUSED)
        ? "refuse " + where + " " + d.reason()
        : "queue " + d.position() + " " + where + " " + d.reason();
  }

  static Scenario scenario(String name) {
    return new Scenario(name);
  }

  static final class Scenario {
    final String name;
    BigDecimal spent = BigDecimal.ZERO;
    Optional<String> blocked = Optional.empty();
    final List<Candidate> candidates = new ArrayList<>();
    List<String> expected = List.of();
    String reserved;
    String available;

    Scenario(String name) {
      this.name = name;
    }

    Scenario spent(int amount) {
      spent = BigDecimal.valueOf(amount);
      return this;
    }

    Scenario blocked(String reason) {
      blocked = Optional.of(reason);
      return this;
    }

    /** Suspended, never admitted, created {@code minute} minutes past nine. */
    Scenario waiting(String name, int priority, int minute, int cost) {
      candidates.add(
          candidate(
              "ml",
              name,
              priority,
              minute,
              true,
              false,
              Optional.empty(),
              false,
              true,
              priced(cost, Duration.ofHours(1))));
      return this;
    }

    Scenario waitingElsewhere(String name, int cost) {
      candidates.add(
          candidate(
              "other",
              name,
              0,
              0,
              true,
              false,
              Optional.empty(),
              false,
              false,
              priced(cost, Duration.ofHours(1))));
      return this;
    }

    Scenario unpriced(String name, String reason) {
      candidates.add(
          candidate(
              "ml",
              name,
              0,
              0,
              true,
              false,
              Optional.empty(),
              false,
              true,
              new JobCostEstimate.Unpriced(reason, "why")));
      return this;
    }

    Scenario admitted(String name, int perHour, Duration runTime, Duration ago) {
      candidates.add(
          candidate(
              "ml",
              name,
              0,
              0,
              false,
              false,
              Optional.of(NOW.minus(ago)),
              false,
              true,
              priced(perHour * runTime.toHours(), runTime)));
      return this;
    }

    Scenario admittedFinished(String name) {
      candidates.add(
          candidate(
              "ml",
              name,
              0,
              0,
              false,
              true,
              Optional.of(NOW),
              false,
              true,
              priced(50, Duration.ofHours(1))));
      return this;
    }

    Scenario admittedSuspended(String name) {
      candidates.add(
          candidate(
              "ml",
              name,
              0,
              0,
              true,
              false,
              Optional.of(NOW),
              false,
              true,
              priced(50, Duration.ofHours(1))));
      return this;
    }

    Scenario heldByCostguard(String name) {
      candidates.add(
          candidate(
              "ml",
              name,
              0,
              0,
              true,
              false,
              Optional.empty(),
              true,
              true,
              priced(10, Duration.ofHours(1))));
      return this;
    }

    Scenario runningUnadmitted(String name) {
      candidates.add(
          candidate(
              "ml",
              name,
              0,
              0,
              false,
              false,
              Optional.empty(),
              false,
              true,
              priced(10, Duration.ofHours(1))));
      return this;
    }

    Scenario expect(String... decisions) {
      expected = List.of(decisions);
      return this;
    }

    Arguments money(String reserved, String available) {
      this.reserved = reserved;
      this.available = available;
      return Arguments.of(this);
    }

    private static JobCostEstimate.Priced priced(long total, Duration runTime) {
      BigDecimal perHour =
          BigDecimal.valueOf(total)
              .divide(BigDecimal.valueOf(runTime.toHours()), 6, java.math.RoundingMode.HALF_EVEN);
      return new JobCostEstimate.Priced(perHour, runTime, 1, BigDecimal.valueOf(total));
    }

    private static Candidate candidate(
        String namespace,
        String name,
        int priority,
        int minute,
        boolean suspended,
        boolean finished,
        Optional<Instant> admittedAt,
        boolean held,
        boolean selected,
        JobCostEstimate.Result estimate) {
      return new Candidate(
          new JobRef("Job", namespace, name),
          priority,
          Instant.parse("2026-06-10T09:00:00Z").plus(Duration.ofMinutes(minute)),
          suspended,
          finished,
          admittedAt,
          held,
          selected,
          estimate);
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
