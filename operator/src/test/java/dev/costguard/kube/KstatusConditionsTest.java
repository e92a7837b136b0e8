package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KstatusConditionsTest {
  private static Condition condition(
      String type, String status, String reason, String message, String since) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(3L)
        .withLastTransitionTime(since)
        .build();
  }

  private static String summary(List<Condition> conditions) {
    return conditions.stream()
        .map(
            c ->
                c.getType()
                    + "="
                    + c.getStatus()
                    + " "
                    + c.getReason()
                    + ": "
                    + c.getMessage()
                    + " @"
                    + c.getLastTransitionTime())
        .toList()
        .toString();
  }

  @Test
  void aSpecThatCannotBeActedOnIsStalledWithReadysReasonAndSince() {
    List<Condition> conditions =
        new ArrayList<>(
            List.of(
                condition(
                    "Ready",
                    "False",
                    "InvalidSchedule",
                    "unknown time zone Mars/Olympus_Mons",
                    "2026-06-10T10:00:00Z")));
    KstatusConditions.derive(conditions);

    assertThat(summary(conditions))
        .isEqualTo(
            "[Ready=False InvalidSchedule: unknown time zone Mars/Olympus_Mons @2026-06-10T10:00:00Z, "
                + "Stalled=True InvalidSchedule: unknown time zone Mars/Olympus_Mons @2026-06-10T10:00:00Z]");
  }

  @Test
  void workBeingRetriedIsReconciling() {
    List<Condition> conditions =
        new ArrayList<>(
            List.of(
                condition(
                    "Ready", "True", "Awake", "awake in 2 namespaces", "2026-06-10T10:00:00Z"),
                condition(
                    "Degraded",
                    "True",
                    "RestoreFailed",
                    "could not wake dev/api",
                    "2026-06-10T11:00:00Z")));
    KstatusConditions.derive(conditions);

    assertThat(summary(conditions))
        .endsWith(
            "Reconciling=True RestoreFailed: retrying: could not wake dev/api @2026-06-10T11:00:00Z]");
  }

  @Test
  void bothGoWhenTheyNoLongerHoldAndAHealthyStatusStaysAsItIs() {
    List<Condition> conditions =
        new ArrayList<>(
            List.of(
                condition("Ready", "True", "Valid", "ok", "2026-06-10T12:00:00Z"),
                condition("Degraded", "False", "Recovered", "all woken", "2026-06-10T12:00:00Z"),
                condition(
                    "Stalled", "True", "InvalidPrices", "negative price", "2026-06-10T10:00:00Z"),
                condition(
                    "Reconciling", "True", "RestoreFailed", "retrying", "2026-06-10T11:00:00Z")));
    KstatusConditions.derive(conditions);

    assertThat(conditions).extracting(Condition::getType).containsExactly("Ready", "Degraded");
    List<Condition> again = new ArrayList<>(conditions);
    KstatusConditions.derive(again);
    assertThat(again).isEqualTo(conditions);
  }
}
