package dev.costguard.rightsizing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.cost.PodRequests;
import dev.costguard.rightsizing.RightsizingAdvice.Advice;
import dev.costguard.rightsizing.RightsizingAdvice.Pod;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RightsizingAdviceTest {
  private static final long MIB = 1L << 20;

  /** Round prices for hand arithmetic: 0.04 a core-hour, 0.005 a GiB-hour, 2 a GPU-hour. */
  private static final Function<PodRequests, BigDecimal> PRICES =
      r ->
          BigDecimal.valueOf(r.cpuMillicores(), 3)
              .multiply(new BigDecimal("0.04"))
              .add(
                  BigDecimal.valueOf(r.memoryBytes())
                      .divide(BigDecimal.valueOf(1L << 30))
                      .multiply(new BigDecimal("0.005")))
              .add(BigDecimal.valueOf(r.gpus()).multiply(BigDecimal.valueOf(2)));

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # scenario                               | pods | cpu m | mem MiB | gpus | p95 cpu m | peak MiB | p95 gpu | cpu m | mem MiB | gpus | now/month | then/month | saving  | action
          an over-provisioned API                  | 2    | 2000  | 4096    | 0    | 400       | 1024     | NaN     | 460   | 1229    | 0    | 146.00    | 35.63      | 110.37  | Reduce
          a GPU server keeping one of four busy    | 1    | 8000  | 65536   | 4    | 6000      | 61440    | 0.2     | 6900  | 73728   | 1    | 6307.20   | 1924.28    | 4382.92 | Reduce
          a pod using more CPU than it requests    | 1    | 500   | 1024    | 0    | 900       | 900      | NaN     | 1040  | 1080    | 0    | 18.25     | 34.22      | -15.97  | Increase
          already the right size (under 5 %)       | 1    | 1000  | 2048    | 0    | 850       | 1700     | NaN     | 980   | 2040    | 0    | 36.50     | 35.89      | 0.61    | Keep
          unknown memory keeps its request         | 1    | 1000  | 2048    | 0    | 100       | -1       | NaN     | 120   | 2048    | 0    | 36.50     | 10.80      | 25.70   | Reduce
          an idle pod gets the minimums            | 1    | 1000  | 1024    | 0    | 0         | 1        | NaN     | 10    | 16      | 0    | 32.85     | 0.35       | 32.50   | Reduce
          busy GPUs are never more than requested  | 1    | 4000  | 16384   | 2    | 3000      | 12288    | 1.0     | 3450  | 14746   | 2    | 3095.20   | 3073.30    | 21.90   | Keep
          """)
  void recommendationAndMoneyAMonth(
      String scenario,
      int pods,
      long cpu,
      long memoryMib,
      long gpus,
      long cpuP95,
      long peakMib,
      double gpuP95,
      long wantCpu,
      long wantMemoryMib,
      long wantGpus,
      BigDecimal nowMonthly,
      BigDecimal thenMonthly,
      BigDecimal saving,
      RightsizingAdvice.Action action) {
    PodRequests requests = new PodRequests(cpu, memoryMib * MIB, gpus, 0);
    List<Pod> workload =
        IntStream.range(0, pods).mapToObj(i -> new Pod("p" + i, requests, PRICES)).toList();
    PodUsageWindow used = new PodUsageWindow(cpuP95, peakMib < 0 ? -1 : peakMib * MIB, gpuP95);

    Advice advice =
        RightsizingAdvice.advise("ml", "Deployment/api", "USD", workload, pod -> used)
            .orElseThrow();

    assertThat(advice.recommended())
        .isEqualTo(new PodRequests(wantCpu, wantMemoryMib * MIB, wantGpus, 0));
    assertThat(advice.currentPerMonth()).isEqualByComparingTo(nowMonthly);
    assertThat(advice.recommendedPerMonth()).isEqualByComparingTo(thenMonthly);
    assertThat(advice.savingsPerMonth()).isEqualByComparingTo(saving);
    assertThat(advice.action()).isEqualTo(action);
    assertThat(advice.pods()).isEqualTo(pods);
  }

  @Test
  void noAdviceWithoutAnyKnownUse() {
    List<Pod> pods = List.of(new Pod("a", new PodRequests(1000, MIB << 10, 0, 0), PRICES));
    assertThat(RightsizingAdvice.advise("ml", "Deployment/a", "USD", pods, p -> null)).isEmpty();
    assertThat(
            RightsizingAdvice.advise(
                "ml", "Deployment/a", "USD", pods, p -> PodUsageWindow.UNKNOWN))
        .isEmpty();
  }

  @Test
  void theBusiestPodSetsTheRecommendationAndPodsWithoutUseAreNotCounted() {
    PodRequests requests = new PodRequests(2000, 4096 * MIB, 0, 0);
    List<Pod> pods = new ArrayList<>();
    for (String name : List.of("quiet", "busy", "new")) {
      pods.add(new Pod(name, requests, PRICES));
    }
    Map<String, PodUsageWindow> used =
        Map.of(
            "quiet", new PodUsageWindow(100, 512 * MIB, Double.NaN),
            "busy", new PodUsageWindow(400, 1024 * MIB, Double.NaN));

    Advice advice =
        RightsizingAdvice.advise("ml", "Deployment/api", "USD", pods, used::get).orElseThrow();

    // the over-provisioned API of the table: two pods counted, sized for the busy one
    assertThat(advice.recommended()).isEqualTo(new PodRequests(460, 1229 * MIB, 0, 0));
    assertThat(advice.pods()).isEqualTo(2);
    assertThat(advice.savingsPerMonth()).isEqualByComparingTo("110.37");
  }
}
