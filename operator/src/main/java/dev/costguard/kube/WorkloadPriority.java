package dev.costguard.kube;

import dev.costguard.api.v1alpha1.CostguardApi;
import java.util.Map;
import java.util.Optional;

/**
 * The one reading of the {@code costguard.dev/priority} label, shared by the budget cap (who is
 * scaled down first) and job admission (who is admitted first): an integer, higher first; 0 when
 * absent.
 */
public final class WorkloadPriority {
  private WorkloadPriority() {}

  /** The priority the labels give, or empty when the label is present but not an integer. */
  public static Optional<Integer> of(Map<String, String> labels) {
    String label = labels == null ? null : labels.get(CostguardApi.PRIORITY_LABEL);
    if (label == null) {
      return Optional.of(0);
    }
    try {
      return Optional.of(Integer.parseInt(label.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
