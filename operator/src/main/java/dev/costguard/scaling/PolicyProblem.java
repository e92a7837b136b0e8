package dev.costguard.scaling;

/**
 * Input the policy's author must fix (a missing target, an unknown budget): reported as Ready=False
 * with the reason and a Warning event; the workload is left as it is.
 */
public final class PolicyProblem extends Exception {
  private final String reason;

  public PolicyProblem(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
