package dev.costguard.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.inference.ServingWorkloads.PodKey;
import dev.costguard.inference.ServingWorkloads.Workload;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenCostTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          3.60 an hour for 1000 generated tokens a second | 3.60 | 0     | 1000  | 1.000000      | 1.000000
          prompt and generated share the cost             | 2.50 | 300   | 200   | 1.388889      | 3.472222
          an idle server has no cost per token            | 2.50 | 0     | 0     | -             | -
          prompt tokens only: no output price             | 0.36 | 100   | 0     | 1.000000      | -
          Prometheus answered NaN (0/0 rate)              | 2.50 | NaN   | NaN   | -             | -
          a free on-prem GPU costs nothing per token      | 0    | 50    | 50    | 0.000000      | 0.000000
          a trickle of tokens is expensive, not infinite  | 1    | 0     | 0.001 | 277777.777778 | 277777.777778
          a GPU node at 40 an hour, 2500 tokens a second  | 40   | 1500  | 1000  | 4.444444      | 11.111111
          """)
  void costPerMillionTokensIsTheHourlyCostOverTheHourlyTokens(
      String scenario,
      BigDecimal costPerHour,
      double promptPerSecond,
      double generatedPerSecond,
      BigDecimal perMillion,
      BigDecimal perMillionGenerated) {
    TokenCost cost =
        TokenCost.of(
            "ml",
            "Deployment/vllm",
            costPerHour,
            "USD",
            new TokenRates("vLLM", promptPerSecond, generatedPerSecond));
    if (perMillion == null) {
      assertThat(cost.perMillionTokens()).isNull();
    } else {
      assertThat(cost.perMillionTokens()).isEqualByComparingTo(perMillion);
      assertThat(cost.perMillionTokens().scale()).isEqualTo(6);
    }
    if (perMillionGenerated == null) {
      assertThat(cost.perMillionGeneratedTokens()).isNull();
    } else {
      assertThat(cost.perMillionGeneratedTokens()).isEqualByComparingTo(perMillionGenerated);
    }
  }

  @Test
  void aWorkloadsTokensAreTheSumOverItsPodsAndOtherPodsDoNotCount() {
    var vllm =
        new Workload(
            "ml", "Deployment/vllm", Set.of("vllm-a", "vllm-b"), new BigDecimal("7.20"), "USD");
    var tgi = new Workload("ml", "StatefulSet/tgi", Set.of("tgi-0"), new BigDecimal("1"), "USD");
    var web = new Workload("ml", "Deployment/web", Set.of("web-1"), new BigDecimal("0.5"), "USD");
    var otherNamespace =
        new Workload("dev", "Deployment/vllm", Set.of("vllm-a"), new BigDecimal("9"), "USD");
    Map<PodKey, TokenRates> tokens =
        Map.of(
            new PodKey("ml", "vllm-a"), new TokenRates("vLLM", 100, 400),
            new PodKey("ml", "vllm-b"), new TokenRates("vLLM", 100, 400),
            new PodKey("ml", "tgi-0"), new TokenRates("TGI", 0, 0),
            new PodKey("ml", "orphan-pod"), new TokenRates("vLLM", 5, 5));

    List<TokenCost> costs = ServingWorkloads.join(List.of(tgi, web, vllm, otherNamespace), tokens);

    // 7.20 an hour over 1000 tokens a second (3.6M an hour) is 2 per million; 800 generated: 2.5
    assertThat(costs)
        .extracting(
            c -> c.namespace() + " " + c.workload() + " " + c.server() + " " + c.perMillionTokens())
        .containsExactly("ml Deployment/vllm vLLM 2.000000", "ml StatefulSet/tgi TGI null");
    assertThat(costs.get(0).perMillionGeneratedTokens()).isEqualByComparingTo("2.5");
  }

  @Test
  void aPodServingBothVllmAndTgiCountsBoth() {
    assertThat(new TokenRates("vLLM", 1, 2).plus(new TokenRates("TGI", 3, 4)))
        .isEqualTo(new TokenRates("vLLM+TGI", 4, 6));
    assertThat(TokenRates.NONE.plus(new TokenRates("TGI", 3, 4)))
        .isEqualTo(new TokenRates("TGI", 3, 4));
  }
}
