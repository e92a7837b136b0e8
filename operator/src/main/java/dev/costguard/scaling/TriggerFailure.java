package dev.costguard.scaling;

/**
 * A trigger could not be read: the policy leaves the workload as it is this round and says why.
 *
 * @see #invalidInput()
 */
public final class TriggerFailure extends Exception {
  private final String reason;
  private final boolean invalidInput;

  private TriggerFailure(String reason, String message, boolean invalidInput) {
    super(message);
    this.reason = reason;
    this.invalidInput = invalidInput;
  }

  /** The policy must be changed (a refused address, a query of many series): Ready turns False. */
  public static TriggerFailure invalid(String reason, String message) {
    return new TriggerFailure(reason, message, true);
  }

  /** Probably passes (Prometheus down, a timeout): Ready stays True. */
  public static TriggerFailure unavailable(String reason, String message) {
    return new TriggerFailure(reason, message, false);
  }

  /** A CamelCase condition reason, e.g. {@code PrometheusAddressRefused}. */
  public String reason() {
    return reason;
  }

  public boolean invalidInput() {
    return invalidInput;
  }
}
