package dev.costguard.sandbox;

import dev.costguard.operator.OperatorClient;

/** One request the mock API server received. */
public record ApiRequest(
    String method, String path, String userAgent, String contentType, String body) {
  public boolean isWrite() {
    return !method.equals("GET");
  }

  /** Sent by the operator, as opposed to a test or the sandbox's simulated controllers. */
  public boolean isFromOperator() {
    return userAgent != null && userAgent.startsWith(OperatorClient.USER_AGENT);
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
