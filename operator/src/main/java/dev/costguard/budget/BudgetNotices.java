package dev.costguard.budget;

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
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The notices one budget evaluation gives its owners: each newly crossed threshold that lists
 * {@code Notify}, and per action the workloads it was applied to or undone on in this reconcile.
 * Pure.
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
      List<BudgetActionPlan.Hold> applied,
      List<BudgetActionPlan.Release> undone,
      Instant now) {
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
        byAction(applied, BudgetActionPlan.Hold::action, BudgetActionPlan.Hold::workload)
            .entrySet()
            .stream()
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
        byAction(undone, BudgetActionPlan.Release::action, BudgetActionPlan.Release::workload)
            .entrySet()
            .stream()
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

  private static <T> Map<BudgetAction, List<WorkloadRef>> byAction(
      List<T> steps, Function<T, BudgetAction> action, Function<T, WorkloadRef> workload) {
    return steps.stream()
        .collect(
            Collectors.groupingBy(
                action, TreeMap::new, Collectors.mapping(workload, Collectors.toList())));
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
