package dev.costguard.budget;

import dev.costguard.api.v1alpha1.BudgetSelector;
import dev.costguard.kube.LabelSelectors;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Which namespaces a budget pays for: those it names, joined with those its selector matches. */
final class BudgetSelection {
  private BudgetSelection() {}

  static boolean selects(BudgetSelector selector, String namespace, Map<String, String> labels) {
    return Objects.requireNonNullElse(selector.namespaces, java.util.List.<String>of())
            .contains(namespace)
        || (selector.namespaceSelector != null
            && LabelSelectors.matches(selector.namespaceSelector, labels));
  }

  /**
   * The namespaces the selector selects, sorted: every one it names, existing or not (its pods
   * count as soon as there are any), and every existing one its label selector matches.
   */
  static Set<String> namespaces(BudgetSelector selector, Collection<Namespace> namespaces) {
    Set<String> selected =
        new TreeSet<>(Objects.requireNonNullElse(selector.namespaces, java.util.List.of()));
    for (Namespace namespace : namespaces) {
      if (selects(
          selector, namespace.getMetadata().getName(), namespace.getMetadata().getLabels())) {
        selected.add(namespace.getMetadata().getName());
      }
    }
    return selected;
  }
}
