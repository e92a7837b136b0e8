package dev.costguard.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.chart.OperatorGrants.Grant;
import dev.costguard.testing.OperatorRequestLog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * RBAC from facts: every request the operator made during this test run's end-to-end tests must be
 * allowed by the chart's default roles, and every permission the chart grants must have been used
 * or carry a written reason. Ordered last so the request log is complete; run it with the whole
 * suite ({@code make test}).
 */
@Order(Integer.MAX_VALUE)
class RbacCoverageTest {
  /** Requests every authenticated user may make (system:basic-user, system:discovery). */
  private static final Set<String> ALLOWED_TO_EVERYONE =
      Set.of(
          "authorization.k8s.io/selfsubjectrulesreviews",
          "authorization.k8s.io/selfsubjectaccessreviews");

  /** Permissions the suite does not exercise, and why the operator still needs them. */
  private static final Map<String, String> GRANTED_WITHOUT_USE = grantedWithoutUse();

  private static Map<String, String> grantedWithoutUse() {
    Map<String, String> reasons = new java.util.HashMap<>(usedByFramework());
    // The suite installs PyTorchJob's published CRD; its Kubeflow siblings are the same to
    // Costguard (spec.runPolicy.suspend, replica specs), and JobKind lists each of them.
    for (String sibling : List.of("tfjobs", "mpijobs", "xgboostjobs", "paddlejobs", "mxjobs")) {
      for (String verb : List.of("list", "watch", "patch")) {
        reasons.put(
            "kubeflow.org/" + sibling + " " + verb,
            "a Kubeflow training kind handled exactly as pytorchjobs, which the suite exercises");
      }
    }
    return Map.copyOf(reasons);
  }

  private static Map<String, String> usedByFramework() {
    return Map.of(
        "coordination.k8s.io/leases update",
        "java-operator-sdk checks that the Lease rules allow create, update and get before it starts"
            + " leader election; renewals are patches",
        "costguard.dev/scalingpolicies get",
        "java-operator-sdk re-reads a resource by name when its finalizer patch conflicts",
        "costguard.dev/shutdownschedules get",
        "java-operator-sdk re-reads a resource by name when its finalizer patch conflicts",
        "costguard.dev/workloadbudgets get",
        "java-operator-sdk re-reads a resource by name when its finalizer patch conflicts (whether a"
            + " run sees such a conflict depends on timing)");
  }

  /**
   * The chart as the suite uses the operator: the lease name of OperatorConfig's default, and the
   * opt-in Secret access that Prometheus bearer tokens need (a scaling scenario reads one).
   */
  private static final String SUITE_VALUES =
      """
      leaderElection: {enabled: true, leaseName: costguard-operator}
      prometheus: {bearerTokenSecrets: {enabled: true}}
      """;

  private static List<ApiAccess> accesses;
  private static OperatorGrants grants;

  @BeforeAll
  static void collect() {
    accesses =
        OperatorRequestLog.all().stream()
            .map(ApiAccess::of)
            .flatMap(Optional::stream)
            .filter(a -> !ALLOWED_TO_EVERYONE.contains(a.groupResource()))
            .toList();
    grants =
        OperatorGrants.of(HelmChart.render(SUITE_VALUES), HelmChart.RELEASE, HelmChart.NAMESPACE);
  }

  @Test
  void everyRequestTheOperatorMadeIsAllowedByTheChart() {
    assertThat(accesses)
        .as("the end-to-end tests ran in this JVM before this test (use make test)")
        .isNotEmpty();
    Set<String> denied =
        accesses.stream()
            .filter(a -> grants.grants().stream().noneMatch(g -> allows(g, a)))
            .map(
                a ->
                    a.groupResource()
                        + " "
                        + a.verb()
                        + (a.namespace() == null ? "" : " in " + a.namespace()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(denied).as("requests the chart's RBAC would deny").isEmpty();
  }

  @Test
  void everyGrantWasUsedOrHasAWrittenReason() {
    assertThat(accesses)
        .as("the end-to-end tests ran in this JVM before this test (use make test)")
        .isNotEmpty();
    Set<String> unused =
        grants.grants().stream()
            .filter(g -> accesses.stream().noneMatch(a -> allows(g, a)))
            .map(g -> g.groupResource() + " " + g.verb())
            .filter(grant -> !GRANTED_WITHOUT_USE.containsKey(grant))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(unused)
        .as("granted but never used by the end-to-end tests, and no reason written")
        .isEmpty();
  }

  private static boolean allows(Grant grant, ApiAccess access) {
    boolean scope =
        grant.scope().equals(OperatorGrants.CLUSTER) || grant.scope().equals(access.namespace());
    boolean names =
        grant.resourceNames().isEmpty()
            || (access.name() != null && grant.resourceNames().contains(access.name()));
    return scope
        && names
        && grant.group().equals(access.group())
        && grant.resource().equals(access.resource())
        && grant.verb().equals(access.verb());
  }
}
