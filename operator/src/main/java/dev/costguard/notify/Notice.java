package dev.costguard.notify;

import dev.costguard.api.v1alpha1.NotificationEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One thing a budget's owners are told.
 *
 * @param budget name of the WorkloadBudget (cluster-scoped)
 * @param kind what happened
 * @param periodStart start of the budget period it happened in
 * @param periodEnd end of that period
 * @param subject what it is about, unique for the event within the period: {@code 80%@3} (a
 *     threshold at a spec generation), an action and its workloads, a job; part of {@link #key()}
 * @param message one line for people, without secrets
 * @param currency currency of {@code amounts}
 * @param amounts exact money by name, e.g. {@code limit}, {@code spent}, {@code forecast}, {@code
 *     costPerHour}, {@code estimatedCost}; sorted by name
 * @param workloads the workloads concerned, as {@code Kind namespace/name}
 * @param at when it happened
 */
public record Notice(
    String budget,
    NotificationEvent kind,
    Instant periodStart,
    Instant periodEnd,
    String subject,
    String message,
    String currency,
    Map<String, BigDecimal> amounts,
    List<String> workloads,
    Instant at) {

  public Notice {
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(at, "at");
    amounts = Collections.unmodifiableMap(new TreeMap<>(amounts == null ? Map.of() : amounts));
    workloads = List.copyOf(workloads == null ? List.of() : workloads);
    message = message == null ? "" : message;
  }

  /**
   * The de-duplication key within the budget: {@code kind/periodStart/subject}. A notice with a key
   * already sent is not sent again.
   */
  public String key() {
    return kind + "/" + periodStart + "/" + subject;
  }
}
