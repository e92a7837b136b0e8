package dev.costguard.admission;

import dev.costguard.admission.JobCostEstimate.Priced;
import dev.costguard.admission.JobCostEstimate.Unpriced;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which of a budget's waiting jobs start now: pure, from the budget's money and the jobs as read.
 *
 * <ul>
 *   <li><b>Waiting</b>: a job labelled for the budget, suspended, and never admitted. Jobs Kueue
 *       manages are not candidates at all, and neither is a job suspended by a Costguard action.
 *   <li><b>Order</b>: priority (higher first), then creation time (older first), then namespace,
 *       name and kind. A job that does not fit does not block smaller ones behind it (as Kueue's
 *       BestEffortFIFO): each is admitted if its estimate fits what is left after those before it.
 *   <li><b>Money</b>: {@code available = limit - spent - reserved}, where {@code reserved} holds,
 *       for each admitted job still running, its cost per hour times the part of its maximum run
 *       time not used yet. As the job runs, its spend moves from reserved to spent, so two jobs
 *       never count on the same money.
 *   <li><b>Nothing starts</b> while the budget's {@code Suspend} action is in force (the job would
 *       be suspended again at once) or in dry run (listed as admissible, not started).
 *   <li><b>Refused</b>, until the job is fixed: no declared maximum run time, nothing to price, an
 *       unreadable job, or a namespace the budget does not select.
 * </ul>
 */
public final class AdmissionPlanner {
  public static final String QUEUED = "Queued";
  public static final String REFUSED = "Refused";
  public static final String ADMITTED = "Admitted";

  public static final String INSUFFICIENT_BUDGET = "InsufficientBudget";
  public static final String EXCEEDS_LIMIT = "ExceedsLimit";
  public static final String BUDGET_SUSPENDED = "BudgetSuspended";
  public static final String DRY_RUN = "DryRun";
  public static final String NAMESPACE_NOT_SELECTED = "NamespaceNotSelected";

  private AdmissionPlanner() {}

  /** A job by kind, namespace and name. */
  public record JobRef(String kind, String namespace, String name) {
    @Override
    public String toString() {
      return kind + " " + namespace + "/" + name;
    }
  }

  /**
   * A job labelled for the budget, as read.
   *
   * @param suspended its suspend field is true
   * @param admittedAt when Costguard admitted it, if it did
   * @param heldByCostguard a Costguard action (a budget's Suspend) holds it suspended
   * @param selected in a namespace the budget selects (and not a protected one)
   */
  public record Candidate(
      JobRef job,
      int priority,
      Instant created,
      boolean suspended,
      boolean finished,
      Optional<Instant> admittedAt,
      boolean heldByCostguard,
      boolean selected,
      JobCostEstimate.Result estimate) {}

  /**
   * @param blocked why nothing may start now ({@link #BUDGET_SUSPENDED}, {@link #DRY_RUN}), if so
   */
  public record Input(
      BigDecimal limit,
      BigDecimal spent,
      Optional<String> blocked,
      Instant now,
      List<Candidate> candidates) {}

  /**
   * One job's place in the plan.
   *
   * @param state {@link #QUEUED}, {@link #REFUSED} or {@link #ADMITTED}
   * @param admitNow admitted by this plan (start it now)
   * @param position place among the jobs waiting for money, from 1; null otherwise
   * @param reserved for admitted jobs, the money still reserved for it
   */
  public record Decision(
      Candidate candidate,
      String state,
      String reason,
      boolean admitNow,
      Integer position,
      BigDecimal reserved) {
    public Optional<Priced> priced() {
      return candidate.estimate() instanceof Priced p ? Optional.of(p) : Optional.empty();
    }
  }

  /**
   * @param queue jobs waiting, in admission order, then the refused ones
   * @param admitted admitted jobs still reserving money, those admitted now included
   * @param reserved the money reserved for admitted jobs, those admitted now included
   * @param available what is left for the jobs still waiting
   */
  public record Plan(
      List<Decision> queue, List<Decision> admitted, BigDecimal reserved, BigDecimal available) {
    public static final Plan EMPTY =
        new Plan(List.of(), List.of(), BigDecimal.ZERO, BigDecimal.ZERO);

    public List<Decision> admitNow() {
      return admitted.stream().filter(Decision::admitNow).toList();
    }

    public boolean isEmpty() {
      return queue.isEmpty() && admitted.isEmpty();
    }
  }

  static final Comparator<Candidate> ORDER =
      Comparator.comparing(Candidate::priority)
          .reversed()
          .thenComparing(Candidate::created, Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(c -> c.job().namespace())
          .thenComparing(c -> c.job().name())
          .thenComparing(c -> c.job().kind());

  public static Plan plan(Input in) {
    List<Decision> admitted = new ArrayList<>();
    BigDecimal reserved = BigDecimal.ZERO;
    for (Candidate c : in.candidates()) {
      if (c.admittedAt().isEmpty()) {
        continue;
      }
      if (c.finished() || c.suspended()) {
        continue; // finished, or stopped by a person or a budget action: reserves nothing
      }
      BigDecimal left =
          c.estimate() instanceof Priced p
              ? p.remainingAfter(Duration.between(c.admittedAt().get(), in.now()))
              : BigDecimal.ZERO;
      if (left.signum() > 0) {
        admitted.add(new Decision(c, ADMITTED, null, false, null, left));
        reserved = reserved.add(left);
      }
    }

    List<Candidate> waiting =
        in.candidates().stream()
            .filter(c -> c.admittedAt().isEmpty())
            .filter(c -> c.suspended() && !c.finished() && !c.heldByCostguard())
            .sorted(ORDER)
            .toList();
    BigDecimal available = nonNegative(in.limit().subtract(in.spent()).subtract(reserved));
    List<Decision> queue = new ArrayList<>();
    List<Decision> refused = new ArrayList<>();
    int position = 0;
    for (Candidate c : waiting) {
      if (!c.selected()) {
        refused.add(new Decision(c, REFUSED, NAMESPACE_NOT_SELECTED, false, null, null));
        continue;
      }
      if (c.estimate() instanceof Unpriced u) {
        refused.add(new Decision(c, REFUSED, u.reason(), false, null, null));
        continue;
      }
      Priced priced = (Priced) c.estimate();
      boolean fits = priced.total().compareTo(available) <= 0;
      if (fits && in.blocked().isEmpty()) {
        admitted.add(new Decision(c, ADMITTED, null, true, null, priced.total()));
        reserved = reserved.add(priced.total());
        available = available.subtract(priced.total());
        continue;
      }
      String reason =
          fits
              ? in.blocked().get()
              : priced.total().compareTo(in.limit()) > 0 ? EXCEEDS_LIMIT : INSUFFICIENT_BUDGET;
      if (fits) {
        // Admissible, but nothing starts now: keep its money aside so the order holds.
        available = available.subtract(priced.total());
      }
      queue.add(new Decision(c, QUEUED, reason, false, ++position, null));
    }
    queue.addAll(refused);
    return new Plan(queue, admitted, reserved, available);
  }

  private static BigDecimal nonNegative(BigDecimal money) {
    return money.signum() < 0 ? BigDecimal.ZERO : money;
  }
}
