package dev.costguard.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The hard cap of a budget with {@code enforcement: Cap}: how many replicas each capped workload
 * may run so that the spend projected at the period end stays at or under the limit. Pure.
 *
 * <p>The remaining money ({@code limit - spent}) spread over the time left gives the affordable
 * rate; what the cap does not govern (exempt and critical workloads, Jobs, stray pods) is paid
 * first, and the rest goes to the capped workloads, highest priority first. Within one priority the
 * money is shared level by level (every workload gets its first replica before any gets its
 * second), and money too little for a higher-priority replica still buys a cheaper lower-priority
 * one. With no money left every capped workload goes to zero: a cap that stops at a minimum is not
 * a cap.
 *
 * <p>Hysteresis: a workload is scaled down as soon as the money no longer pays for its replicas,
 * but scaled up only when the money pays for the larger plan with {@link #HEADROOM} of the
 * affordable rate to spare, so a rate that wobbles around a replica's price does not flap.
 *
 * <p>The bound: at each evaluation the projected period-end spend ({@code spent + planned rate x
 * time left}) is at most the limit, unless what the cap does not govern alone costs more. Between
 * evaluations workloads may run above the plan (pods still terminating, an autoscaler, a person),
 * for at most one evaluation interval before the next evaluation corrects it and the money left
 * absorbs it; so the spend passes the limit by at most what the selected workloads cost in one
 * interval at their wanted replicas: {@link Decision#overshootBound()}.
 */
public final class BudgetCap {
  /** Share of the affordable rate left unspent before a capped workload is scaled back up. */
  static final BigDecimal HEADROOM = new BigDecimal("0.05");

  private static final int RATE_SCALE = 9;
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

  private BudgetCap() {}

  /**
   * One workload the cap governs.
   *
   * @param priority higher keeps its replicas longer
   * @param wanted the replicas it runs without the cap
   * @param replicaCostPerHour what one replica costs per hour (its pod template priced)
   * @param allowedBefore the replicas the cap allowed at its last decision, {@code null} when it
   *     was not capped
   */
  public record Candidate(
      WorkloadRef workload,
      int priority,
      int wanted,
      BigDecimal replicaCostPerHour,
      Integer allowedBefore) {
    public Candidate {
      Objects.requireNonNull(workload);
      if (wanted < 0 || replicaCostPerHour.signum() < 0) {
        throw new IllegalArgumentException("negative replicas or price for " + workload);
      }
    }
  }

  /**
   * @param limit the budget's limit
   * @param spent spent so far in the period
   * @param now the instant of the evaluation (from the operator's clock)
   * @param periodEnd when the money is renewed
   * @param interval the longest time between two evaluations
   * @param uncappedCostPerHour what the selected pods the cap does not govern cost per hour
   */
  public record Input(
      BigDecimal limit,
      BigDecimal spent,
      Instant now,
      Instant periodEnd,
      Duration interval,
      BigDecimal uncappedCostPerHour,
      List<Candidate> candidates) {
    public Input {
      candidates = List.copyOf(candidates);
    }
  }

  /** The replicas one workload may run. */
  public record Allowance(Candidate candidate, int allowed) {
    public boolean capped() {
      return allowed < candidate.wanted();
    }
  }

  /**
   * @param affordableCostPerHour money left / hours left
   * @param plannedCostPerHour uncapped cost plus the capped workloads at their allowed replicas
   * @param overshootBound the most spend passes the limit by: one interval of the selected
   *     workloads at their wanted replicas
   * @param allowances highest priority first
   * @param uncappedOverAffordable what the cap does not govern alone costs more than the money left
   *     affords: the cap cannot hold the limit
   */
  public record Decision(
      BigDecimal affordableCostPerHour,
      BigDecimal plannedCostPerHour,
      BigDecimal overshootBound,
      List<Allowance> allowances,
      boolean uncappedOverAffordable) {
    public Decision {
      allowances = List.copyOf(allowances);
    }

    public boolean capped() {
      return allowances.stream().anyMatch(Allowance::capped);
    }

    public List<Allowance> cappedOnly() {
      return allowances.stream().filter(Allowance::capped).toList();
    }
  }

  public static Decision decide(Input in) {
    List<Candidate> ordered =
        in.candidates().stream()
            .sorted(
                Comparator.comparingInt(Candidate::priority)
                    .reversed()
                    .thenComparing(Candidate::workload, WorkloadRef.ORDER))
            .toList();
    BigDecimal atWanted = in.uncappedCostPerHour().add(rateOf(ordered, wantedOf(ordered)));
    BigDecimal bound = perInterval(atWanted, in.interval());
    long secondsLeft = Duration.between(in.now(), in.periodEnd()).toSeconds();
    if (secondsLeft <= 0) {
      // The period is over: the next evaluation rolls it over and renews the money.
      List<Allowance> all = ordered.stream().map(c -> new Allowance(c, c.wanted())).toList();
      return new Decision(BigDecimal.ZERO, atWanted, bound, all, false);
    }
    BigDecimal hoursLeft =
        BigDecimal.valueOf(secondsLeft).divide(SECONDS_PER_HOUR, RATE_SCALE, RoundingMode.DOWN);
    BigDecimal remaining = in.limit().subtract(in.spent()).max(BigDecimal.ZERO);
    BigDecimal affordable =
        hoursLeft.signum() == 0
            ? remaining
            : remaining.divide(hoursLeft, RATE_SCALE, RoundingMode.DOWN);
    BigDecimal forCapped = affordable.subtract(in.uncappedCostPerHour());
    int[] down = allocate(ordered, forCapped);
    int[] up = allocate(ordered, forCapped.subtract(affordable.multiply(HEADROOM)));
    List<Allowance> allowances = new ArrayList<>();
    int[] allowed = new int[ordered.size()];
    for (int i = 0; i < ordered.size(); i++) {
      Candidate c = ordered.get(i);
      int before = c.allowedBefore() == null ? c.wanted() : Math.min(c.allowedBefore(), c.wanted());
      allowed[i] = before >= down[i] ? down[i] : Math.min(down[i], Math.max(before, up[i]));
      allowances.add(new Allowance(c, allowed[i]));
    }
    BigDecimal planned = in.uncappedCostPerHour().add(rateOf(ordered, allowed));
    return new Decision(
        affordable, planned, bound, allowances, in.uncappedCostPerHour().compareTo(affordable) > 0);
  }

  /**
   * Replicas {@code money} per hour buys, priority group by priority group, level by level: within
   * a group, every workload whose next replica the money still pays for gets as many more replicas
   * as all of them can get alike (each up to what it wants); when not even one more each fits, one
   * more in order while the money lasts. What is left goes to the next group.
   */
  private static int[] allocate(List<Candidate> ordered, BigDecimal money) {
    int[] granted = new int[ordered.size()];
    BigDecimal left = money;
    for (int i = 0; i < ordered.size(); i++) {
      if (ordered.get(i).replicaCostPerHour().signum() == 0) {
        granted[i] = ordered.get(i).wanted(); // a replica that costs nothing is always affordable
      }
    }
    int from = 0;
    while (from < ordered.size()) {
      int to = from;
      while (to < ordered.size() && ordered.get(to).priority() == ordered.get(from).priority()) {
        to++;
      }
      while (true) {
        List<Integer> active = new ArrayList<>();
        for (int i = from; i < to; i++) {
          Candidate c = ordered.get(i);
          if (granted[i] < c.wanted() && c.replicaCostPerHour().compareTo(left) <= 0) {
            active.add(i);
          }
        }
        if (active.isEmpty()) {
          break;
        }
        int step = highestStep(ordered, granted, active, left);
        if (step > 0) {
          for (int i : active) {
            int more = Math.min(ordered.get(i).wanted() - granted[i], step);
            granted[i] += more;
            left =
                left.subtract(
                    ordered.get(i).replicaCostPerHour().multiply(BigDecimal.valueOf(more)));
          }
        } else {
          // Not one more each: one more in order while the money lasts. At least the first gets
          // one, and one that does not is dropped next round, so this ends.
          for (int i : active) {
            if (ordered.get(i).replicaCostPerHour().compareTo(left) <= 0) {
              granted[i]++;
              left = left.subtract(ordered.get(i).replicaCostPerHour());
            }
          }
        }
      }
      from = to;
    }
    return granted;
  }

  /** The most replicas more each of {@code active} can get alike for {@code money}. */
  private static int highestStep(
      List<Candidate> ordered, int[] granted, List<Integer> active, BigDecimal money) {
    int low = 0;
    int high = active.stream().mapToInt(i -> ordered.get(i).wanted() - granted[i]).max().orElse(0);
    while (low < high) {
      int mid = (int) (((long) low + high + 1) / 2);
      BigDecimal cost = BigDecimal.ZERO;
      for (int i : active) {
        int more = Math.min(ordered.get(i).wanted() - granted[i], mid);
        cost = cost.add(ordered.get(i).replicaCostPerHour().multiply(BigDecimal.valueOf(more)));
      }
      if (cost.compareTo(money) <= 0) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  private static int[] wantedOf(List<Candidate> ordered) {
    return ordered.stream().mapToInt(Candidate::wanted).toArray();
  }

  private static BigDecimal rateOf(List<Candidate> ordered, int[] replicas) {
    BigDecimal rate = BigDecimal.ZERO;
    for (int i = 0; i < ordered.size(); i++) {
      rate =
          rate.add(ordered.get(i).replicaCostPerHour().multiply(BigDecimal.valueOf(replicas[i])));
    }
    return rate;
  }

  private static BigDecimal perInterval(BigDecimal perHour, Duration interval) {
    return perHour
        .multiply(BigDecimal.valueOf(interval.toSeconds()))
        .divide(SECONDS_PER_HOUR, BudgetEvaluation.STATUS_MONEY_SCALE, RoundingMode.UP);
  }
}
