package dev.costguard.budget;

import dev.costguard.admission.Admission;
import dev.costguard.admission.AdmissionPlanner;
import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.BudgetThreshold;
import dev.costguard.api.v1alpha1.NotificationEvent;
import dev.costguard.notify.Notice;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The notices one budget evaluation gives its owners: each newly crossed threshold that lists
 * {@code Notify}, and per action the workloads on which it came into force or left it, from the
 * actions recorded in status before and the actions in force now. Pure.
 *
 * <p>Keys: a threshold's subject carries the spec generation ({@code 80%@3}), so that a threshold
 * crossed again after an edit in the same period is told again; an action's subject carries the
 * generation and a digest of its workloads. Action notices follow the writes themselves: a workload
 * already held is not held again, so a retried reconcile finds nothing new to tell.
 */
final class BudgetNotices {
  private BudgetNotices() {}

  static List<Notice> of(
      String budget,
      Long generation,
      BudgetEvaluation evaluation,
      String currency,
      List<BudgetActionPlan.Entry> before,
      List<BudgetActionPlan.Entry> after,
      Instant now) {
    List<BudgetActionPlan.Entry> applied = without(after, before);
    List<BudgetActionPlan.Entry> undone = without(before, after);
    Map<String, BigDecimal> amounts = amounts(evaluation);
    PeriodSpan period = evaluation.period();
    String gen = "@" + (generation == null ? 0 : generation);
    List<Notice> thresholds =
        evaluation.newlyCrossed().stream()
            .filter(t -> t.actions.contains(BudgetAction.Notify))
            .map(
                t ->
                    new Notice(
                        budget,
                        NotificationEvent.ThresholdCrossed,
                        period.start(),
                        period.end(),
                        t.percent + "%" + (forecastBasis(t) ? " forecast" : "") + gen,
                        crossedMessage(budget, t, evaluation, currency),
                        currency,
                        amounts,
                        List.of(),
                        now))
            .toList();
    List<Notice> taken =
        byAction(applied).entrySet().stream()
            .map(
                e ->
                    actionNotice(
                        budget,
                        NotificationEvent.ActionTaken,
                        e.getKey(),
                        e.getValue(),
                        gen,
                        "applied",
                        evaluation,
                        currency,
                        amounts,
                        now))
            .toList();
    List<Notice> released =
        byAction(undone).entrySet().stream()
            .map(
                e ->
                    actionNotice(
                        budget,
                        NotificationEvent.ActionUndone,
                        e.getKey(),
                        e.getValue(),
                        gen,
                        "undid",
                        evaluation,
                        currency,
                        amounts,
                        now))
            .toList();
    return java.util.stream.Stream.of(thresholds, taken, released).flatMap(List::stream).toList();
  }

  /**
   * A notice for each job that began waiting in the budget's admission queue, and for each job it
   * admitted, in this reconcile. Subject: the job, so each is told once per period.
   */
  static List<Notice> ofAdmission(
      String budget,
      BudgetEvaluation evaluation,
      String currency,
      Admission.Outcome outcome,
      Instant now) {
    List<Notice> notices = new java.util.ArrayList<>();
    for (AdmissionPlanner.Decision d : outcome.queued()) {
      notices.add(
          jobNotice(budget, NotificationEvent.JobQueued, "waits", d, evaluation, currency, now));
    }
    for (AdmissionPlanner.Decision d : outcome.admitted()) {
      notices.add(
          jobNotice(
              budget, NotificationEvent.JobAdmitted, "admitted", d, evaluation, currency, now));
    }
    return notices;
  }

  private static Notice jobNotice(
      String budget,
      NotificationEvent kind,
      String verb,
      AdmissionPlanner.Decision d,
      BudgetEvaluation evaluation,
      String currency,
      Instant now) {
    Map<String, BigDecimal> amounts = new TreeMap<>(amounts(evaluation));
    d.priced().ifPresent(p -> amounts.put("estimatedCost", p.total()));
    String job = d.candidate().job().toString();
    return new Notice(
        budget,
        kind,
        evaluation.period().start(),
        evaluation.period().end(),
        job,
        "WorkloadBudget "
            + budget
            + ": "
            + job
            + " "
            + verb
            + d.priced()
                .map(
                    p ->
                        ", estimated "
                            + BudgetCheckpoint.display(p.total()).toPlainString()
                            + (currency == null ? "" : " " + currency))
                .orElse("")
            + (d.reason() == null ? "" : " (" + d.reason() + ")"),
        currency,
        amounts,
        List.of(job),
        now);
  }

  /** The message of the Warning event and of the notice for a crossed threshold. */
  static String crossedMessage(
      String budget, BudgetThreshold threshold, BudgetEvaluation evaluation, String currency) {
    return "WorkloadBudget "
        + budget
        + " crossed "
        + threshold.percent
        + "% ("
        + (forecastBasis(threshold)
            ? "forecast " + evaluation.forecast()
            : "spent " + evaluation.spent())
        + " of "
        + evaluation.limit().toPlainString()
        + (currency == null ? "" : " " + currency)
        + "); actions: "
        + threshold.actions.stream().map(Enum::name).collect(Collectors.joining(", "));
  }

  private static Notice actionNotice(
      String budget,
      NotificationEvent kind,
      BudgetAction action,
      List<WorkloadRef> workloads,
      String gen,
      String verb,
      BudgetEvaluation evaluation,
      String currency,
      Map<String, BigDecimal> amounts,
      Instant now) {
    List<String> names = workloads.stream().sorted(WorkloadRef.ORDER).map(String::valueOf).toList();
    String shown =
        names.size() <= 5
            ? String.join(", ", names)
            : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    return new Notice(
        budget,
        kind,
        evaluation.period().start(),
        evaluation.period().end(),
        action + gen + "#" + digest(names),
        "WorkloadBudget "
            + budget
            + " "
            + verb
            + " "
            + action
            + " on "
            + names.size()
            + " workload(s): "
            + shown
            + " (spent "
            + BudgetCheckpoint.display(evaluation.spent()).toPlainString()
            + " of "
            + evaluation.limit().toPlainString()
            + (currency == null ? "" : " " + currency)
            + ")",
        currency,
        amounts,
        names,
        now);
  }

  private static Map<BudgetAction, List<WorkloadRef>> byAction(
      List<BudgetActionPlan.Entry> entries) {
    return entries.stream()
        .collect(
            Collectors.groupingBy(
                BudgetActionPlan.Entry::action,
                TreeMap::new,
                Collectors.mapping(BudgetActionPlan.Entry::workload, Collectors.toList())));
  }

  /** Entries of {@code these} whose action and workload are not among {@code those}. */
  private static List<BudgetActionPlan.Entry> without(
      List<BudgetActionPlan.Entry> these, List<BudgetActionPlan.Entry> those) {
    return these.stream()
        .filter(
            e ->
                those.stream()
                    .noneMatch(o -> o.action() == e.action() && o.workload().equals(e.workload())))
        .toList();
  }

  private static Map<String, BigDecimal> amounts(BudgetEvaluation evaluation) {
    return Map.of(
        "limit", evaluation.limit(),
        "spent", evaluation.spent(),
        "forecast", evaluation.forecast(),
        "costPerHour", evaluation.costPerHour());
  }

  private static boolean forecastBasis(BudgetThreshold threshold) {
    return threshold.basis == BudgetThreshold.ThresholdBasis.Forecast;
  }

  /** Eight hex digits of SHA-256: short, and the same for the same workloads. */
  private static String digest(List<String> names) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("\n", names).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
