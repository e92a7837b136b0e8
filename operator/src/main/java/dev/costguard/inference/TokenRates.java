package dev.costguard.inference;

/**
 * Tokens per second a server processed, averaged over the query window.
 *
 * @param server which counters they came from ({@code vLLM}, {@code TGI}, or both joined by "+")
 * @param promptPerSecond prompt (prefill, input) tokens per second
 * @param generatedPerSecond generated (decode, output) tokens per second
 */
public record TokenRates(String server, double promptPerSecond, double generatedPerSecond) {
  public static final TokenRates NONE = new TokenRates("", 0, 0);

  public TokenRates {
    // Prometheus answers NaN for 0/0 and can answer negative rates never; treat both as no tokens.
    promptPerSecond = usable(promptPerSecond);
    generatedPerSecond = usable(generatedPerSecond);
  }

  public double totalPerSecond() {
    return promptPerSecond + generatedPerSecond;
  }

  /** Both servers' tokens of one pod (a pod running vLLM and TGI side by side), added. */
  public TokenRates plus(TokenRates other) {
    String joined =
        server.isEmpty() || server.equals(other.server)
            ? other.server
            : other.server.isEmpty() ? server : server + "+" + other.server;
    return new TokenRates(
        joined,
        promptPerSecond + other.promptPerSecond,
        generatedPerSecond + other.generatedPerSecond);
  }

  private static double usable(double perSecond) {
    return Double.isFinite(perSecond) && perSecond > 0 ? perSecond : 0;
  }
}
