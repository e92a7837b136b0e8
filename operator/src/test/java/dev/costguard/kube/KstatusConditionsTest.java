package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.testing.Kstatus;
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
    KstatusConditions.derive(conditions, 3L);

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
    KstatusConditions.derive(conditions, 3L);

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
    KstatusConditions.derive(conditions, 3L);

    assertThat(conditions).extracting(Condition::getType).containsExactly("Ready", "Degraded");
    List<Condition> again = new ArrayList<>(conditions);
    KstatusConditions.derive(again, 3L);
    assertThat(again).isEqualTo(conditions);
  }

  @Test
  void aConditionLeftFromAnOlderGenerationMakesItReconcilingUntilJudgedAgain() {
    // Ready and Degraded were judged for generation 3; the spec is now at generation 4.
    List<Condition> conditions =
        new ArrayList<>(
            List.of(
                condition("Ready", "True", "Valid", "ok", "2026-06-10T10:00:00Z"),
                condition("Degraded", "False", "Recovered", "all woken", "2026-06-10T11:00:00Z")));
    KstatusConditions.derive(conditions, 4L);

    assertThat(summary(conditions))
        .endsWith(
            "Reconciling=True NewGeneration: generation 4 is not yet observed: Ready is from"
                + " generation 3, Degraded is from generation 3 @2026-06-10T11:00:00Z]");
    assertThat(Kstatus.compute(object(4, 4, conditions)).status())
        .isEqualTo(Kstatus.Status.InProgress);

    List<Condition> judged =
        new ArrayList<>(List.of(condition("Ready", "True", "Valid", "ok", "2026-06-10T10:00:00Z")));
    judged.add(conditions.get(2));
    KstatusConditions.derive(judged, 3L);
    assertThat(judged).extracting(Condition::getType).containsExactly("Ready");
    assertThat(Kstatus.compute(object(3, 3, judged)).status()).isEqualTo(Kstatus.Status.Current);
  }

  @Test
  void aStatusWithoutReadyIsReconciling() {
    List<Condition> conditions = new ArrayList<>();
    KstatusConditions.derive(conditions, 1L);

    assertThat(conditions).extracting(Condition::getReason).containsExactly("NewGeneration");
    assertThat(conditions.get(0).getMessage()).contains("no Ready condition yet");
    assertThat(Kstatus.compute(object(1, 1, conditions)).status())
        .isEqualTo(Kstatus.Status.InProgress);
  }

  @Test
  void aSpecThatCannotBeActedOnIsStalledNotReconcilingEvenWithOlderConditions() {
    List<Condition> conditions =
        new ArrayList<>(
            List.of(
                condition("Ready", "False", "InvalidSchedule", "bad zone", "2026-06-10T10:00:00Z"),
                condition("Degraded", "False", "Recovered", "all woken", "2026-06-10T11:00:00Z")));
    conditions.get(0).setObservedGeneration(4L);
    KstatusConditions.derive(conditions, 4L);

    assertThat(conditions)
        .extracting(Condition::getType)
        .containsExactly("Ready", "Degraded", "Stalled");
    assertThat(Kstatus.compute(object(4, 4, conditions)).status()).isEqualTo(Kstatus.Status.Failed);
  }

  private static java.util.Map<String, Object> object(
      long generation, long observed, List<Condition> conditions) {
    return io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
        .convertValue(
            java.util.Map.of(
                "kind",
                "ShutdownSchedule",
                "metadata",
                java.util.Map.of("name", "nights", "generation", generation),
                "status",
                java.util.Map.of("observedGeneration", observed, "conditions", conditions)),
            java.util.Map.class);
  }
}
