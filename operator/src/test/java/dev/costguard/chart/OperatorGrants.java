package dev.costguard.chart;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every permission the rendered chart gives the operator's ServiceAccount, flattened to one grant
 * per (where, API group, resource, verb), by following the bindings to their roles.
 */
record OperatorGrants(List<Grant> grants) {

  /** Scope of a grant bound by a ClusterRoleBinding; other grants carry their namespace. */
  static final String CLUSTER = "<cluster>";

  record Grant(
      String scope, String group, String resource, String verb, List<String> resourceNames) {
    String groupResource() {
      return (group.isEmpty() ? "core" : group) + "/" + resource;
    }
  }

  static OperatorGrants of(HelmChart.Rendered rendered, String serviceAccount, String saNamespace) {
    List<Grant> grants = new ArrayList<>();
    rendered
        .all(ClusterRoleBinding.class)
        .filter(b -> boundTo(b.getSubjects(), serviceAccount, saNamespace))
        .forEach(
            b -> rulesOf(rendered, b.getRoleRef(), null).forEach(r -> flatten(CLUSTER, r, grants)));
    rendered
        .all(RoleBinding.class)
        .filter(b -> boundTo(b.getSubjects(), serviceAccount, saNamespace))
        .forEach(
            b -> {
              String ns = b.getMetadata().getNamespace();
              rulesOf(rendered, b.getRoleRef(), ns).forEach(r -> flatten(ns, r, grants));
            });
    return new OperatorGrants(List.copyOf(grants));
  }

  private static boolean boundTo(List<Subject> subjects, String sa, String ns) {
    return subjects.stream()
        .anyMatch(
            s ->
                "ServiceAccount".equals(s.getKind())
                    && sa.equals(s.getName())
                    && ns.equals(s.getNamespace()));
  }

  private static List<PolicyRule> rulesOf(
      HelmChart.Rendered rendered, RoleRef ref, String namespace) {
    if ("ClusterRole".equals(ref.getKind())) {
      return rendered.one(ClusterRole.class, ref.getName()).getRules();
    }
    return rendered
        .all(Role.class)
        .filter(
            r ->
                r.getMetadata().getName().equals(ref.getName())
                    && r.getMetadata().getNamespace().equals(namespace))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("binding to missing Role " + namespace + "/" + ref.getName()))
        .getRules();
  }

  private static void flatten(String scope, PolicyRule rule, List<Grant> into) {
    List<String> names =
        rule.getResourceNames() == null ? List.of() : List.copyOf(rule.getResourceNames());
    for (String group : rule.getApiGroups()) {
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          into.add(new Grant(scope, group, resource, verb, names));
        }
      }
    }
  }

  /** group/resource to its verbs, for one scope (only grants not limited by resourceNames). */
  Map<String, Set<String>> table(String scope) {
    return grants.stream()
        .filter(g -> g.scope().equals(scope) && g.resourceNames().isEmpty())
        .collect(
            Collectors.groupingBy(
                Grant::groupResource,
                TreeMap::new,
                Collectors.mapping(Grant::verb, Collectors.toCollection(TreeSet::new))));
  }

  Set<String> scopes() {
    return grants.stream().map(Grant::scope).collect(Collectors.toCollection(TreeSet::new));
  }

  List<Grant> on(String group, String resource) {
    return grants.stream()
        .filter(g -> g.group().equals(group) && g.resource().equals(resource))
        .toList();
  }
}
