package dev.costguard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.chart.ChartOperatorAccount;
import dev.costguard.sandbox.controlplane.AuditEvent;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After every other cluster-tier scenario (ordered last): the operator, running under the chart's
 * own ServiceAccount and RBAC, got not one 403 from the API server, and it did act (the audit log
 * is not empty, so this check can fail).
 */
@Tag("cluster")
@ExtendWith(RealCluster.class)
@Order(Integer.MAX_VALUE - 10)
class NoForbiddenRequestsTest {

  @Test
  void theChartsServiceAccountWasNeverForbiddenAnything() {
    String user =
        "system:serviceaccount:"
            + ChartOperatorAccount.NAMESPACE
            + ":"
            + ChartOperatorAccount.serviceAccountName();
    List<AuditEvent> operatorRequests =
        RealCluster.controlPlane().auditEvents().stream()
            .filter(e -> e.user().equals(user))
            .toList();
    assertThat(operatorRequests)
        .as("requests made as %s", user)
        .anyMatch(e -> e.verb().equals("patch") && e.requestUri().contains("/deployments/"));
    assertThat(operatorRequests).filteredOn(AuditEvent::forbidden).isEmpty();
  }
}
