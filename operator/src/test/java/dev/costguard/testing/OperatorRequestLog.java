package dev.costguard.testing;

import dev.costguard.sandbox.ApiRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Every request the operator made in this test run, across all end-to-end tests: the facts the RBAC
 * coverage test checks the Helm chart's roles against.
 */
public final class OperatorRequestLog {
  private static final List<ApiRequest> REQUESTS = new ArrayList<>();

  private OperatorRequestLog() {}

  public static synchronized void record(List<ApiRequest> requests) {
    requests.stream().filter(ApiRequest::isFromOperator).forEach(REQUESTS::add);
  }

  public static synchronized List<ApiRequest> all() {
    return List.copyOf(REQUESTS);
  }
}
