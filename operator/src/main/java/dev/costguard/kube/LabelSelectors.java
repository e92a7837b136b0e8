package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes label selector semantics, evaluated in the operator: caches are filtered in memory,
 * and the API server's set-based selectors cannot be relied on everywhere (the mock ignores them).
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  /**
   * Whether {@code labels} satisfy every {@code matchLabels} entry and every {@code
   * matchExpressions} requirement. An empty selector matches everything; an unknown operator
   * matches nothing, as the API server would reject it.
   */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> present = labels == null ? Map.of() : labels;
    Map<String, String> required = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
    for (Map.Entry<String, String> label : required.entrySet()) {
      if (!label.getValue().equals(present.get(label.getKey()))) {
        return false;
      }
    }
    List<LabelSelectorRequirement> expressions =
        Objects.requireNonNullElse(selector.getMatchExpressions(), List.of());
    return expressions.stream().allMatch(e -> satisfies(e, present));
  }

  private static boolean satisfies(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = Objects.requireNonNullElse(requirement.getValues(), List.of());
    return switch (Objects.requireNonNullElse(requirement.getOperator(), "")) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }
}
