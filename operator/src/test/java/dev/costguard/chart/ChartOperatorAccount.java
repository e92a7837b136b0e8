package dev.costguard.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The operator's identity exactly as the chart renders it with default values: its ServiceAccount
 * and every ClusterRole, Role and binding of it, for the cluster tier to install on a real API
 * server and run the operator under (through a token of that ServiceAccount).
 */
public final class ChartOperatorAccount {
  public static final String NAMESPACE = HelmChart.NAMESPACE;

  private ChartOperatorAccount() {}

  /** The ServiceAccount's name in the default rendering. */
  public static String serviceAccountName() {
    return HelmChart.render()
        .all(ServiceAccount.class)
        .findFirst()
        .orElseThrow()
        .getMetadata()
        .getName();
  }

  /** The leader-election Lease the chart's Role grants (by resourceNames). */
  public static String leaseName() {
    return HelmChart.render()
        .all(Role.class)
        .flatMap(r -> r.getRules().stream())
        .filter(
            r ->
                r.getResources().contains("leases")
                    && r.getResourceNames() != null
                    && !r.getResourceNames().isEmpty())
        .map(r -> r.getResourceNames().get(0))
        .findFirst()
        .orElseThrow();
  }

  /** The default rendering with one verb taken out of the rules that grant it on a resource. */
  public static List<HasMetadata> manifestsWithout(String resource, String verb) {
    return manifests(
        rule -> true,
        rule -> {
          if (rule.getResources().contains(resource) && rule.getVerbs().contains(verb)) {
            rule.setVerbs(rule.getVerbs().stream().filter(v -> !v.equals(verb)).toList());
          }
          return rule;
        });
  }

  /** ServiceAccount, roles and bindings of the default rendering, in an order that applies. */
  public static List<HasMetadata> manifests() {
    return manifests(rule -> true);
  }

  /**
   * The same with only the rules that pass {@code keep}, for a negative control that removes one.
   * ClusterRoles that aggregate into the built-in view/edit roles are left out: they grant people,
   * not the operator.
   */
  public static List<HasMetadata> manifests(Predicate<PolicyRule> keep) {
    return manifests(keep, rule -> rule);
  }

  private static List<HasMetadata> manifests(
      Predicate<PolicyRule> keep, java.util.function.UnaryOperator<PolicyRule> edit) {
    HelmChart.Rendered rendered = HelmChart.render();
    List<HasMetadata> items = new ArrayList<>();
    rendered.all(ServiceAccount.class).forEach(items::add);
    rendered
        .all(ClusterRole.class)
        .filter(
            r ->
                r.getAggregationRule() == null
                    && (r.getMetadata().getLabels() == null
                        || r.getMetadata().getLabels().keySet().stream()
                            .noneMatch(
                                k -> k.startsWith("rbac.authorization.k8s.io/aggregate-to-"))))
        .peek(r -> r.setRules(r.getRules().stream().filter(keep).map(edit).toList()))
        .forEach(items::add);
    rendered
        .all(Role.class)
        .peek(r -> r.setRules(r.getRules().stream().filter(keep).map(edit).toList()))
        .forEach(items::add);
    rendered.all(ClusterRoleBinding.class).forEach(items::add);
    rendered.all(RoleBinding.class).forEach(items::add);
    return items;
  }
}
