package dev.costguard.chart;

import static dev.costguard.chart.OperatorGrants.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.costguard.chart.OperatorGrants.Grant;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Least privilege: the operator gets exactly the verbs it uses on exactly the resources it uses
 * (the table below is the contract with the operator code), nothing with "*", no create or delete
 * on user workloads, Secrets only when a feature needs them.
 */
class ChartRbacTest {

  private static final String SA = HelmChart.RELEASE;
  private static final Set<String> INFORMER = Set.of("list", "watch");
  private static final Set<String> RECONCILED = Set.of("get", "list", "watch", "patch");

  /**
   * update: the status of what is reconciled; patch: Ready=False on an object that cannot be read.
   */
  private static final Set<String> STATUS = Set.of("update", "patch");

  /** Read from the operator's informers, written by merge patch. */
  private static final Set<String> WATCHED_PATCHED = Set.of("list", "watch", "patch");

  /** Cluster-scoped kinds: granted cluster-wide in every mode. */
  private static final Map<String, Set<String>> CLUSTER_SCOPED =
      Map.ofEntries(
          // get: the status patch of an unreadable catalog reads it back
          entry("costguard.dev/pricecatalogs", Set.of("get", "list", "watch")),
          entry("costguard.dev/workloadbudgets", RECONCILED),
          entry("costguard.dev/shutdownschedules", RECONCILED),
          entry("costguard.dev/pricecatalogs/status", STATUS),
          entry("costguard.dev/workloadbudgets/status", STATUS),
          entry("costguard.dev/shutdownschedules/status", STATUS),
          entry("core/nodes", INFORMER),
          entry("core/namespaces", INFORMER));

  /** Namespaced resources: cluster-wide by default, per watched namespace otherwise. */
  private static final Map<String, Set<String>> NAMESPACED =
      Map.ofEntries(
          entry("costguard.dev/scalingpolicies", RECONCILED),
          entry("costguard.dev/scalingpolicies/status", STATUS),
          entry("core/pods", INFORMER),
          entry(
              "core/events",
              Set.of("create", "patch")), // patch: a repeated event counts on the same Event
          entry("apps/deployments", WATCHED_PATCHED),
          entry("apps/statefulsets", WATCHED_PATCHED),
          entry("batch/cronjobs", WATCHED_PATCHED),
          entry("batch/jobs", WATCHED_PATCHED),
          entry("autoscaling/horizontalpodautoscalers", WATCHED_PATCHED),
          entry("keda.sh/scaledobjects", WATCHED_PATCHED),
          entry("jobset.x-k8s.io/jobsets", WATCHED_PATCHED),
          entry("kubeflow.org/pytorchjobs", WATCHED_PATCHED),
          entry("kubeflow.org/tfjobs", WATCHED_PATCHED),
          entry("kubeflow.org/mpijobs", WATCHED_PATCHED),
          entry("kubeflow.org/xgboostjobs", WATCHED_PATCHED),
          entry("kubeflow.org/paddlejobs", WATCHED_PATCHED),
          entry("kubeflow.org/mxjobs", WATCHED_PATCHED),
          entry("ray.io/rayjobs", WATCHED_PATCHED),
          entry("metrics.k8s.io/pods", Set.of("list")));

  private static final Set<String> WORKLOAD_GROUPS =
      Set.of(
          "apps", "batch", "autoscaling", "keda.sh", "jobset.x-k8s.io", "kubeflow.org", "ray.io");

  /** Value sets the chart-wide rules are checked against: every mode the RBAC templates have. */
  private static final List<String> EVERY_RBAC_MODE =
      List.of(
          "",
          "operator: {watchNamespaces: [ml-prod, ml-dev]}",
          "prometheus: {bearerTokenSecrets: {enabled: true}}",
          "{operator: {watchNamespaces: [ml]}, prometheus: {bearerTokenSecrets: {enabled: true, names: [t]}}}",
          "{replicaCount: 2, leaderElection: {enabled: true}}");

  private static OperatorGrants grants(HelmChart.Rendered rendered) {
    return OperatorGrants.of(rendered, SA, HelmChart.NAMESPACE);
  }

  private static Map<String, Set<String>> union(
      Map<String, Set<String>> a, Map<String, Set<String>> b) {
    var all = new TreeMap<String, Set<String>>(a);
    all.putAll(b);
    return all;
  }

  @Test
  void watchingAllNamespacesTheClusterRoleHoldsExactlyTheOperatorsVerbs() {
    OperatorGrants g = grants(HelmChart.render());

    assertThat(g.table(CLUSTER))
        .containsExactlyInAnyOrderEntriesOf(union(CLUSTER_SCOPED, NAMESPACED));
    assertThat(g.scopes()).containsExactlyInAnyOrder(CLUSTER, HelmChart.NAMESPACE);
  }

  @Test
  void theLeaseRoleLivesInTheReleaseNamespaceAndUpdatesOnlyTheOperatorsLease() {
    OperatorGrants g = grants(HelmChart.render());
    var leases = g.on("coordination.k8s.io", "leases");

    assertThat(leases).allSatisfy(l -> assertThat(l.scope()).isEqualTo(HelmChart.NAMESPACE));
    // create cannot be limited by name; get, update and patch are
    assertThat(leases)
        .filteredOn(l -> l.verb().equals("create"))
        .singleElement()
        .satisfies(l -> assertThat(l.resourceNames()).isEmpty());
    assertThat(leases)
        .filteredOn(l -> !l.verb().equals("create"))
        .extracting(Grant::verb)
        .containsExactlyInAnyOrder("get", "update", "patch");
    assertThat(leases)
        .filteredOn(l -> !l.verb().equals("create"))
        .allSatisfy(l -> assertThat(l.resourceNames()).containsExactly(HelmChart.RELEASE));
    // nothing else in the release namespace
    assertThat(g.grants())
        .filteredOn(x -> x.scope().equals(HelmChart.NAMESPACE))
        .allSatisfy(x -> assertThat(x.group()).isEqualTo("coordination.k8s.io"));
  }

  @Test
  void withoutLeaderElectionThereIsNoLeaseAccess() {
    OperatorGrants g = grants(HelmChart.render("leaderElection: {enabled: false}"));

    assertThat(g.on("coordination.k8s.io", "leases")).isEmpty();
  }

  @Test
  void watchNamespacesModeGrantsNamespacedResourcesOnlyInTheWatchedNamespaces() {
    OperatorGrants g = grants(HelmChart.render("operator: {watchNamespaces: [ml-prod, ml-dev]}"));

    // cluster-wide only what is cluster-scoped
    assertThat(g.table(CLUSTER)).containsExactlyInAnyOrderEntriesOf(CLUSTER_SCOPED);
    assertThat(g.table("ml-prod")).containsExactlyInAnyOrderEntriesOf(NAMESPACED);
    assertThat(g.table("ml-dev")).containsExactlyInAnyOrderEntriesOf(NAMESPACED);
    // events about cluster-scoped resources (budgets, schedules) go to "default"
    assertThat(g.table("default"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("core/events", Set.of("create", "patch")));
    assertThat(g.scopes())
        .containsExactlyInAnyOrder(CLUSTER, HelmChart.NAMESPACE, "ml-prod", "ml-dev", "default");
  }

  @Test
  void watchingTheEventsNamespaceItselfNeedsNoExtraEventsRole() {
    HelmChart.Rendered r = HelmChart.render("operator: {watchNamespaces: [default]}");

    assertThat(r.find(Role.class, HelmChart.RELEASE + "-events")).isEmpty();
    assertThat(grants(r).table("default")).containsExactlyInAnyOrderEntriesOf(NAMESPACED);
  }

  @Test
  void noRoleAnywhereInTheChartUsesAWildcard() {
    for (String values : EVERY_RBAC_MODE) {
      HelmChart.Rendered r = HelmChart.render(values);
      Stream<PolicyRule> rules =
          Stream.concat(
              r.all(ClusterRole.class).flatMap(c -> c.getRules().stream()),
              r.all(Role.class).flatMap(c -> c.getRules().stream()));
      assertThat(rules)
          .allSatisfy(
              rule -> {
                assertThat(rule.getApiGroups()).doesNotContain("*");
                assertThat(rule.getResources()).noneMatch(res -> res.contains("*"));
                assertThat(rule.getVerbs()).doesNotContain("*");
                assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
              });
    }
  }

  @Test
  void theOperatorNeverCreatesOrDeletesUserWorkloads() {
    for (String values : EVERY_RBAC_MODE) {
      OperatorGrants g = grants(HelmChart.render(values));

      assertThat(g.grants())
          .filteredOn(x -> WORKLOAD_GROUPS.contains(x.group()))
          .extracting(Grant::verb)
          .doesNotContain("create", "delete", "deletecollection");
      // nothing at all is deleted; only events and the lease are created
      assertThat(g.grants())
          .extracting(Grant::verb)
          .doesNotContain("delete", "deletecollection", "escalate", "bind", "impersonate");
      assertThat(g.grants())
          .filteredOn(x -> x.verb().equals("create"))
          .extracting(Grant::groupResource)
          .containsOnly("core/events", "coordination.k8s.io/leases");
    }
  }

  @Test
  void byDefaultTheOperatorCannotReadSecrets() {
    assertThat(grants(HelmChart.render()).on("", "secrets")).isEmpty();
    assertThat(grants(HelmChart.render("operator: {watchNamespaces: [ml]}")).on("", "secrets"))
        .isEmpty();
  }

  @Test
  void bearerTokenSecretsGrantGetOnlyAndOnlyWhereAsked() {
    // no namespaces given: cluster-wide get, never list or watch (the operator caches no Secret)
    var everywhere =
        grants(HelmChart.render("prometheus: {bearerTokenSecrets: {enabled: true}}"))
            .on("", "secrets");
    assertThat(everywhere)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.scope()).isEqualTo(CLUSTER);
              assertThat(s.verb()).isEqualTo("get");
            });

    // listed namespaces and names: a Role per namespace, limited to those names
    var listed =
        grants(
                HelmChart.render(
                    """
        prometheus:
          bearerTokenSecrets: {enabled: true, namespaces: [ml, monitoring], names: [prometheus-token]}
        """))
            .on("", "secrets");
    assertThat(listed).extracting(Grant::scope).containsExactlyInAnyOrder("ml", "monitoring");
    assertThat(listed)
        .allSatisfy(
            s -> {
              assertThat(s.verb()).isEqualTo("get");
              assertThat(s.resourceNames()).containsExactly("prometheus-token");
            });

    // watchNamespaces mode: the watched namespaces
    var watched =
        grants(
                HelmChart.render(
                    """
        operator: {watchNamespaces: [ml]}
        prometheus: {bearerTokenSecrets: {enabled: true}}
        """))
            .on("", "secrets");
    assertThat(watched)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.scope()).isEqualTo("ml");
              assertThat(s.verb()).isEqualTo("get");
            });
  }

  @Test
  void aggregatedRolesLetUsersViewAndEditTheFourKinds() {
    HelmChart.Rendered r = HelmChart.render();
    ClusterRole view = r.one(ClusterRole.class, "costguard-view");
    ClusterRole edit = r.one(ClusterRole.class, "costguard-edit");
    Set<String> kinds =
        Set.of("pricecatalogs", "workloadbudgets", "scalingpolicies", "shutdownschedules");

    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(edit.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
    assertThat(view.getRules().get(0).getResources()).containsExactlyInAnyOrderElementsOf(kinds);
    assertThat(view.getRules())
        .allSatisfy(rule -> assertThat(rule.getVerbs()).isSubsetOf("get", "list", "watch"));
    assertThat(edit.getRules().get(0).getResources()).containsExactlyInAnyOrderElementsOf(kinds);
    assertThat(edit.getRules().get(0).getVerbs()).contains("create", "update", "patch", "delete");
    assertThat(Stream.of(view, edit).flatMap(c -> c.getRules().stream()))
        .allSatisfy(rule -> assertThat(rule.getApiGroups()).containsExactly("costguard.dev"));
  }

  @Test
  void rbacCanBeLeftToThePlatformTeam() {
    HelmChart.Rendered r = HelmChart.render("rbac: {create: false}");

    assertThat(r.all(ClusterRole.class)).isEmpty();
    assertThat(r.all(Role.class)).isEmpty();
  }
}
