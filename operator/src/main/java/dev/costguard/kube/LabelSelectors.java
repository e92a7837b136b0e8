package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes label selector matching, done in code: list calls cannot be trusted with set-based
 * selectors everywhere (the test API server ignores {@code In} and {@code NotIn}), and selectors
 * from custom resources are evaluated against objects already read.
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  /**
   * True when {@code labels} satisfy {@code selector}. A {@code null} selector matches nothing
   * (nothing was selected); an empty one matches everything, as in Kubernetes.
   */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    Map<String, String> required = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    if (!actual.entrySet().containsAll(required.entrySet())) {
      return false;
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    return expressions.stream().allMatch(e -> matches(e, actual));
  }

  private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (requirement.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      // An operator Kubernetes does not know selects nothing rather than everything.
      default -> false;
    };
  }
}
