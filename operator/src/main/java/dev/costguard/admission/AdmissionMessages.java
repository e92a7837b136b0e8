package dev.costguard.admission;

import dev.costguard.admission.AdmissionPlanner.Decision;
import dev.costguard.admission.JobCostEstimate.Priced;
import dev.costguard.admission.JobCostEstimate.Unpriced;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * What a job's {@code costguard.dev/admission-message} says: why it waits or was refused, and what
 * it would cost. Stable while nothing about the job changes (no money left or time in it), so a job
 * is not rewritten on every evaluation; the money left is in the budget's status.
 */
final class AdmissionMessages {
  private AdmissionMessages() {}

  static String of(String budget, String currency, BigDecimal limit, Decision d) {
    String who = "WorkloadBudget " + budget;
    String cost = d.priced().map(p -> estimate(currency, p)).orElse("");
    return switch (d.state()) {
      case AdmissionPlanner.ADMITTED -> "admitted by " + who + ": " + cost;
      case AdmissionPlanner.REFUSED ->
          "refused by "
              + who
              + ": "
              + (d.reason().equals(AdmissionPlanner.NAMESPACE_NOT_SELECTED)
                  ? "it does not select namespace " + d.candidate().job().namespace()
                  : ((Unpriced) d.candidate().estimate()).message());
      default ->
          switch (d.reason()) {
            case AdmissionPlanner.EXCEEDS_LIMIT ->
                "waits: "
                    + cost
                    + ", more than the whole limit of "
                    + limit.stripTrailingZeros().toPlainString()
                    + " "
                    + currency
                    + " of "
                    + who
                    + "; it starts only if the limit is raised";
            case AdmissionPlanner.BUDGET_SUSPENDED ->
                "waits: " + who + " has its Suspend action in force; " + cost;
            case AdmissionPlanner.DRY_RUN ->
                "would be admitted, but " + who + " is in dry run: " + cost;
            default ->
                "waits at position "
                    + d.position()
                    + " in the queue of "
                    + who
                    + ": "
                    + cost
                    + ", more than the money left (see its status.admission)";
          };
    };
  }

  /** {@code estimated 12.50 USD (4 pods, 1.04 USD/h for 12h)}. */
  static String estimate(String currency, Priced p) {
    return "estimated "
        + Admission.cents(p.total()).toPlainString()
        + " "
        + currency
        + " ("
        + p.pods()
        + (p.pods() == 1 ? " pod, " : " pods, ")
        + Admission.cents(p.perHour()).toPlainString()
        + " "
        + currency
        + "/h for "
        + human(p.maxRunTime())
        + ")";
  }

  /** {@code 12h}, {@code 1h30m}, {@code 45m}, {@code 90s}. */
  static String human(Duration d) {
    long h = d.toHours();
    long m = d.toMinutesPart();
    long s = d.toSecondsPart();
    StringBuilder text = new StringBuilder();
    if (h > 0) {
      text.append(h).append('h');
    }
    if (m > 0) {
      text.append(m).append('m');
    }
    if (s > 0 || text.isEmpty()) {
      text.append(s).append('s');
    }
    return text.toString();
  }
}
