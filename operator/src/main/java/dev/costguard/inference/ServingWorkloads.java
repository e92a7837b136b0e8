package dev.costguard.inference;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins token counters, which Prometheus keeps per pod, with workloads, which Costguard prices: a
 * workload serves inference when at least one of its pods has token series, and its tokens are the
 * sum over its pods. Pure.
 */
public final class ServingWorkloads {
  private ServingWorkloads() {}

  /** A pod, as the {@code namespace} and {@code pod} labels of a scraped series name it. */
  public record PodKey(String namespace, String pod) {}

  /**
   * A Deployment or StatefulSet with the pods its selector selects and what they cost per hour.
   *
   * @param workload {@code Kind/name}
   */
  public record Workload(
      String namespace,
      String workload,
      Set<String> pods,
      BigDecimal costPerHour,
      String currency) {
    public Workload {
      pods = Set.copyOf(pods);
    }
  }

  /**
   * The cost per token of every workload with token series, most expensive per token first (idle
   * servers last), then by namespace and name.
   */
  public static List<TokenCost> join(List<Workload> workloads, Map<PodKey, TokenRates> tokens) {
    List<TokenCost> costs = new ArrayList<>();
    for (Workload workload : workloads) {
      TokenRates sum = null;
      for (String pod : workload.pods()) {
        TokenRates rates = tokens.get(new PodKey(workload.namespace(), pod));
        if (rates != null) {
          sum = sum == null ? rates : sum.plus(rates);
        }
      }
      if (sum != null) {
        costs.add(
            TokenCost.of(
                workload.namespace(),
                workload.workload(),
                workload.costPerHour(),
                workload.currency(),
                sum));
      }
    }
    costs.sort(
        Comparator.comparing(
                TokenCost::perMillionTokens, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(TokenCost::namespace)
            .thenComparing(TokenCost::workload));
    return costs;
  }
}
