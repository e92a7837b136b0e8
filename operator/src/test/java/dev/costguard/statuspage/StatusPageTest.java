package dev.costguard.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.allocation.Allocation;
import dev.costguard.cost.PodRequests;
import dev.costguard.inference.TokenCost;
import dev.costguard.inference.TokenRates;
import dev.costguard.rightsizing.PodUsageWindow;
import dev.costguard.rightsizing.RightsizingAdvice;
import dev.costguard.statuspage.PageModel.Budget;
import dev.costguard.statuspage.PageModel.Gpu;
import dev.costguard.statuspage.PageModel.Schedule;
import dev.costguard.statuspage.PageModel.Span;
import dev.costguard.statuspage.PageModel.Spender;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPageTest {
  private static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

  private static PageModel page(String budgetName) {
    return new PageModel(
        NOW,
        new Allocation(
            Allocation.API_VERSION,
            "Allocation",
            "operator",
            "team",
            new Allocation.Span("1d", "2026-06-09T10:00:00Z", "2026-06-10T10:00:00Z"),
            new Allocation.Span("1d", "2026-06-09T10:00:00Z", "2026-06-10T10:00:00Z"),
            "the operator's own totals",
            List.of(
                new Allocation.Row(
                    "vision",
                    List.of(new Allocation.Money("USD", "78.000000", java.util.Map.of())),
                    "48.000000",
                    "12.5",
                    "5000")),
            List.of(),
            List.of(new Allocation.Total("USD", "78.000000", "10.000000", "88.000000"))),
        List.of(
            new Budget(
                budgetName,
                "USD",
                new BigDecimal("1000"),
                new BigDecimal("300.5"),
                new BigDecimal("1200"),
                new BigDecimal("2.5"),
                Instant.parse("2026-06-01T00:00:00Z"),
                Instant.parse("2026-07-01T00:00:00Z"),
                NOW,
                List.of(80),
                List.of("BlockScaleUp Deployment ml/api (Applied)"),
                List.of(),
                "")),
        List.of(
            new Schedule(
                "dev-nights",
                "Awake",
                "2026-06-10T17:00:00Z",
                0,
                "USD",
                new BigDecimal("42.10"),
                "2026-06-01T00:00:00Z",
                List.of(
                    new Span(
                        Instant.parse("2026-06-10T17:00:00Z"),
                        Instant.parse("2026-06-11T05:00:00Z"))))),
        List.of(new Spender("ml", "vision", "USD", 3.25)),
        List.of(new Gpu("ml", "NVIDIA-A100", 2, 0.8)),
        List.of(
            TokenCost.of(
                "ml",
                "Deployment/vllm",
                new BigDecimal("3.6"),
                "USD",
                new TokenRates("vLLM", 0, 1000))),
        null,
        List.of(
            RightsizingAdvice.advise(
                    "ml",
                    "Deployment/api",
                    "USD",
                    List.of(
                        new RightsizingAdvice.Pod(
                            "api-1", new PodRequests(2000, 4L << 30, 0, 0), r -> BigDecimal.ONE)),
                    p -> new PodUsageWindow(100, 1L << 30, Double.NaN))
                .orElseThrow()),
        "no Prometheus configured (--allocation-prometheus-url)");
  }

  @Test
  void everyFigureCarriesItsExactValueAndTheForecastOverTheLimitStandsOut() {
    String html = StatusPage.render(page("team-vision"));
    assertThat(html)
        .contains("data-spent=\"300.5\">300.50 USD")
        .contains("class=\"over\" data-forecast=\"1200\">1200.00 USD")
        .contains("data-per-hour=\"3.25\"")
        .contains("data-per-million=\"1.000000\"")
        .contains("data-savings=\"0.00\"")
        .contains("data-sleep-savings=\"42.10\"")
        .contains("BlockScaleUp Deployment ml/api (Applied)")
        .contains("Thresholds crossed: 80 %")
        .contains("no Prometheus configured (--allocation-prometheus-url)")
        .contains("<span data-cost=\"78.000000\">78.000000 USD</span>")
        .contains("data-allocated-total=\"78.000000\"")
        .contains("data-idle-total=\"10.000000\"");
  }

  @Test
  void theBurnDownPutsTodayAThirdOfTheWayAndTheSpendUnderTheLimit() {
    String html = StatusPage.render(page("b"));
    // 9 1/2 days of 30 between x=8 and x=352: 8 + 344 * 9.4167/30 = 115.98; y for 300.5 of
    // a 1320 top between 104 and 8: 104 - 96 * 300.5/1320 = 82.15
    assertThat(html).contains("<circle cx=\"116.0\" cy=\"82.1\"");
    assertThat(html)
        .contains(
            "aria-label=\"Burn-down of b: 300.50 spent of 1000.00 USD, forecast 1200.00 at period"
                + " end 2026-07-01T00:00:00Z\"");
  }

  @Test
  void theSleepTimelineShadesTonight() {
    String html = StatusPage.render(page("b"));
    // 7 to 19 hours from now on a 700-wide week: x 29.2, width 50.0
    assertThat(html)
        .contains("<rect x=\"29.2\" y=\"4\" width=\"50.0\" height=\"20\" fill=\"#8250df\"/>");
  }

  @Test
  void namesAreEscapedAndNothingComesFromElsewhere() {
    String html = StatusPage.render(page("<script>alert('x')</script>"));
    assertThat(html)
        .doesNotContain("<script")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .doesNotContainPattern("(src|href)=\"(https?:)?//")
        .doesNotContain("@import")
        .contains("<html lang=\"en\">")
        .contains("<main>");
  }
}
