package dev.costguard.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.kube.Timestamps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * When a budget's status is written: only when something a person reads changes (spent or forecast
 * at display precision, the cost rate, utilization, a condition, thresholds, actions, a period
 * roll, what a cap allows), or when the stored checkpoint is {@link #MAX_AGE} old. In between,
 * {@code spent} and {@code accruedUntil} stay as last written, and the next reconcile accrues from
 * them.
 *
 * <p>Why that keeps every instant counted once: accrual from the stored checkpoint uses the stored
 * {@code costPerHour}, and a changed cost rate is itself written at the reconcile that first sees
 * it. So the rate has been the stored one for the whole unwritten interval, and accruing it again
 * later (the next reconcile, or after a restart) gives the same money as accruing it step by step.
 * A crash loses nothing: the interval since the checkpoint is accrued when the operator is back.
 */
final class BudgetCheckpoint {
  /** People read money to the cent (or the currency's smallest usual unit, never finer). */
  static final int DISPLAY_SCALE = 2;

  /** The stored checkpoint is never older than this while the operator runs. */
  static final Duration MAX_AGE = Duration.ofHours(1);

  private BudgetCheckpoint() {}

  static boolean worthWriting(WorkloadBudgetStatus stored, WorkloadBudgetStatus next) {
    if (stored == null || stored.accruedUntil == null || next.accruedUntil == null) {
      return true;
    }
    Duration age =
        Duration.between(
            Timestamps.parse(stored.accruedUntil), Timestamps.parse(next.accruedUntil));
    return age.compareTo(MAX_AGE) >= 0 || !visible(stored).equals(visible(next));
  }

  /** Money as a person reads it. */
  static BigDecimal display(BigDecimal money) {
    return money == null ? null : money.setScale(DISPLAY_SCALE, RoundingMode.HALF_EVEN);
  }

  private static JsonNode visible(WorkloadBudgetStatus status) {
    ObjectNode json = Serialization.jsonMapper().valueToTree(status);
    json.remove("accruedUntil");
    json.set("spent", json.numberNode(display(status.spent)));
    json.set("forecast", json.numberNode(display(status.forecast)));
    if (status.cap != null && json.get("cap") instanceof ObjectNode cap) {
      // What the money affords moves with every second; people read it to the cent.
      cap.set("affordableCostPerHour", json.numberNode(display(status.cap.affordableCostPerHour)));
      cap.set("uncappedCostPerHour", json.numberNode(display(status.cap.uncappedCostPerHour)));
      cap.set("plannedCostPerHour", json.numberNode(display(status.cap.plannedCostPerHour)));
    }
    return json;
  }
}
