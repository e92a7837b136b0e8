package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes label selector matching, done in code: list calls cannot be trusted with set-based
 * selectors everywhere (the test API server ignores {@code In} and {@code NotIn}), and selectors
 * from custom resources are evaluated against objects already read.
 */
public final class LabelSelectors {
  /** The Ready reason for a selector that {@link #problem} refuses. */
  public static final String INVALID_SELECTOR = "InvalidSelector";

  private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

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
    Map<String, String> required =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    if (!actual.entrySet().containsAll(required.entrySet())) {
      return false;
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    return expressions.stream().allMatch(e -> matches(e, actual));
  }

  /**
   * What is wrong with a selector, or empty when Kubernetes would accept it: every expression has a
   * key and one of the four operators spelled exactly ({@code In}, {@code NotIn}, {@code Exists},
   * {@code DoesNotExist}); In and NotIn have values, Exists and DoesNotExist none. A selector with
   * a problem must not be used: {@code in} in lower case would silently match nothing, so a
   * workload meant to be excluded would be acted on.
   *
   * @param field where the selector sits in the spec, for the message, e.g. {@code spec.exclude}
   */
  public static Optional<String> problem(String field, LabelSelector selector) {
    if (selector == null || selector.getMatchExpressions() == null) {
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      LabelSelectorRequirement e = expressions.get(i);
      String at = field + ".matchExpressions[" + i + "]";
      if (e == null) {
        problems.add(at + " is empty");
        continue;
      }
      if (e.getKey() == null || e.getKey().isBlank()) {
        problems.add(at + " has no key");
      }
      boolean hasValues = e.getValues() != null && !e.getValues().isEmpty();
      String operator = e.getOperator();
      if (operator == null || operator.isBlank()) {
        problems.add(at + " has no operator (use In, NotIn, Exists or DoesNotExist)");
      } else if (!OPERATORS.contains(operator)) {
        problems.add(
            at
                + ": unknown operator \""
                + abbreviate(operator)
                + "\" (use In, NotIn, Exists or DoesNotExist, spelled so)");
      } else if ((operator.equals("In") || operator.equals("NotIn")) && !hasValues) {
        problems.add(at + ": " + operator + " needs at least one value");
      } else if ((operator.equals("Exists") || operator.equals("DoesNotExist")) && hasValues) {
        problems.add(at + ": " + operator + " must not have values");
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  private static String abbreviate(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
  }

  private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
    if (requirement == null || requirement.getOperator() == null) {
      // Refused by problem(); should it reach here, it selects nothing rather than throwing.
      return false;
    }
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
