package dev.costguard.inference;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a serving workload costs per million tokens: its cost per hour divided by the tokens it
 * processes per hour, times a million. Two figures, as inference price lists quote them: all tokens
 * (prompt and generated, the workload's whole cost spread over both), and generated tokens only
 * (the whole cost charged to output, the figure to compare with a hosted API's output price). An
 * idle server has no cost per token: the figure is absent, not infinite.
 *
 * @param workload {@code Kind/name} of the Deployment or StatefulSet
 * @param costPerHour money per hour of the workload's running pods, in {@code currency}
 * @param perMillionTokens money per million tokens (prompt + generated), scale 6; null when idle
 * @param perMillionGeneratedTokens money per million generated tokens, scale 6; null when none
 */
public record TokenCost(
    String namespace,
    String workload,
    String server,
    BigDecimal costPerHour,
    String currency,
    double promptTokensPerSecond,
    double generatedTokensPerSecond,
    BigDecimal perMillionTokens,
    BigDecimal perMillionGeneratedTokens) {
  static final int SCALE = 6;
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  public static TokenCost of(
      String namespace,
      String workload,
      BigDecimal costPerHour,
      String currency,
      TokenRates rates) {
    return new TokenCost(
        namespace,
        workload,
        rates.server(),
        costPerHour,
        currency,
        rates.promptPerSecond(),
        rates.generatedPerSecond(),
        perMillion(costPerHour, rates.totalPerSecond()),
        perMillion(costPerHour, rates.generatedPerSecond()));
  }

  /**
   * {@code costPerHour * 1e6 / (tokensPerSecond * 3600)}, rounded half-up to 6 decimals; null when
   * no tokens were processed.
   */
  static BigDecimal perMillion(BigDecimal costPerHour, double tokensPerSecond) {
    if (!(tokensPerSecond > 0) || Double.isInfinite(tokensPerSecond)) {
      return null;
    }
    BigDecimal tokensPerHour = BigDecimal.valueOf(tokensPerSecond).multiply(SECONDS_PER_HOUR);
    return costPerHour.multiply(MILLION).divide(tokensPerHour, SCALE, RoundingMode.HALF_UP);
  }
}
