package dev.costguard.statuspage;

import dev.costguard.allocation.Allocation;
import dev.costguard.cost.PodRequests;
import dev.costguard.inference.TokenCost;
import dev.costguard.rightsizing.RightsizingAdvice.Advice;
import dev.costguard.statuspage.PageModel.Budget;
import dev.costguard.statuspage.PageModel.Gpu;
import dev.costguard.statuspage.PageModel.Schedule;
import dev.costguard.statuspage.PageModel.Span;
import dev.costguard.statuspage.PageModel.Spender;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Renders the status page: one HTML document with its CSS and charts inline (SVG), no script and no
 * external asset, so it works offline and behind any proxy. Accessible: landmarks, a heading per
 * section, tables with captions and header scopes, every chart an image with a text alternative
 * that states its numbers. Each figure also carries a {@code data-*} attribute with its exact
 * value, so tests (and scrapers) read numbers without parsing formatted text. Pure.
 */
public final class StatusPage {
  static final int CHART_WIDTH = 360;
  static final int CHART_HEIGHT = 120;
  static final int TIMELINE_WIDTH = 700;
  private static final Duration WEEK = Duration.ofDays(7);

  private StatusPage() {}

  public static String render(PageModel page) {
    StringBuilder html = new StringBuilder(16_384);
    html.append(
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="60">
        <title>Costguard status</title>
        <style>
        :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0969da;--bad:#cf222e;--ok:#1a7f37;--sleep:#8250df}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#f6f8fa}
        header{background:#24292f;color:#fff;padding:14px 24px}
        header h1{margin:0;font-size:22px}
        header p{margin:2px 0 0;color:#d0d7de;font-size:13px}
        main{padding:16px 24px;max-width:1200px}
        section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:0 0 16px}
        h2{font-size:18px;margin:4px 0 10px}
        h3{font-size:15px;margin:0 0 6px}
        .cards{display:flex;flex-wrap:wrap;gap:12px}
        .card{border:1px solid var(--line);border-radius:6px;padding:10px;flex:1 1 380px}
        table{border-collapse:collapse;width:100%;font-size:14px}
        caption{text-align:left;color:var(--muted);font-size:13px;padding-bottom:4px}
        th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        .muted{color:var(--muted)}
        .over{color:var(--bad);font-weight:600}
        .figures{display:flex;gap:16px;flex-wrap:wrap;margin:0 0 6px;padding:0;list-style:none}
        .figures li span{display:block;font-size:12px;color:var(--muted)}
        svg text{font:11px system-ui,sans-serif;fill:var(--muted)}
        </style>
        </head>
        <body>
        <header><h1>Costguard status</h1>""");
    html.append("<p>Read-only. As of <time datetime=\"")
        .append(page.asOf())
        .append("\">")
        .append(page.asOf())
        .append("</time>; refreshes every minute.</p></header>\n<main>\n");
    allocation(html, page.allocation());
    budgets(html, page.budgets());
    spenders(html, page.spenders());
    schedules(html, page.schedules(), page.asOf());
    gpus(html, page.gpus());
    tokenCosts(html, page.tokenCosts(), page.tokenNote());
    rightsizing(html, page.rightsizing(), page.rightsizingNote());
    html.append("</main>\n</body>\n</html>\n");
    return html.toString();
  }

  /** Spend of the last 24 hours by team, with idle cost, GPU-hours and energy. */
  private static void allocation(StringBuilder html, Allocation allocation) {
    html.append("<section id=\"allocation\" aria-labelledby=\"allocation-h\">\n")
        .append("<h2 id=\"allocation-h\">Spend by team, last 24 hours</h2>\n");
    if (allocation == null) {
      html.append("<p class=\"muted\">The allocation could not be read.</p>\n</section>\n");
      return;
    }
    html.append("<p class=\"muted\">").append(esc(allocation.note())).append("</p>\n");
    html.append(
        "<table><caption>Money allocated to each team's pods (GET /api/v1/allocation?window=1d"
            + "&amp;aggregate=team)</caption>\n<thead><tr><th scope=\"col\">Team</th>"
            + "<th scope=\"col\" class=\"num\">Cost</th><th scope=\"col\" class=\"num\">GPU-hours</th>"
            + "<th scope=\"col\" class=\"num\">Energy kWh</th></tr></thead><tbody>\n");
    for (Allocation.Row row : allocation.allocations()) {
      html.append("<tr class=\"allocation\" data-team=\"")
          .append(esc(row.name()))
          .append("\"><th scope=\"row\">")
          .append(esc(row.name()))
          .append("</th><td class=\"num\">");
      for (Allocation.Money money : row.cost()) {
        html.append("<span data-cost=\"")
            .append(esc(money.amount()))
            .append("\">")
            .append(esc(money.amount()))
            .append(' ')
            .append(esc(money.currency()))
            .append("</span> ");
      }
      html.append("</td><td class=\"num\">")
          .append(esc(row.gpuHours()))
          .append("</td><td class=\"num\">")
          .append(esc(row.energyKWh()))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
    for (Allocation.Total total : allocation.totals()) {
      html.append("<p>Allocated <strong data-allocated-total=\"")
          .append(esc(total.allocated()))
          .append("\">")
          .append(esc(total.allocated()))
          .append(' ')
          .append(esc(total.currency()))
          .append("</strong>, idle capacity <strong data-idle-total=\"")
          .append(esc(total.idle()))
          .append("\">")
          .append(esc(total.idle()))
          .append(' ')
          .append(esc(total.currency()))
          .append("</strong>, total ")
          .append(esc(total.total()))
          .append(' ')
          .append(esc(total.currency()))
          .append("</p>\n");
    }
    html.append("</section>\n");
  }

  private static void budgets(StringBuilder html, List<Budget> budgets) {
    html.append("<section id=\"budgets\" aria-labelledby=\"budgets-h\">\n")
        .append("<h2 id=\"budgets-h\">Budgets</h2>\n");
    if (budgets.isEmpty()) {
      html.append("<p class=\"muted\">No WorkloadBudget.</p>\n");
    }
    html.append("<div class=\"cards\">\n");
    for (Budget b : budgets) {
      boolean over = b.spent() != null && b.limit() != null && b.spent().compareTo(b.limit()) > 0;
      boolean forecastOver =
          b.forecast() != null && b.limit() != null && b.forecast().compareTo(b.limit()) > 0;
      html.append("<article class=\"card budget\" data-budget=\"")
          .append(esc(b.name()))
          .append("\">\n<h3>")
          .append(esc(b.name()))
          .append("</h3>\n<ul class=\"figures\">\n");
      figure(html, "Spent", b.spent(), b.currency(), "spent", over);
      figure(html, "Limit", b.limit(), b.currency(), "limit", false);
      figure(html, "Forecast", b.forecast(), b.currency(), "forecast", forecastOver);
      figure(html, "Per hour", b.costPerHour(), b.currency(), "cost-per-hour", false);
      html.append("</ul>\n");
      burnDown(html, b);
      if (!b.activeThresholds().isEmpty()) {
        html.append("<p>Thresholds crossed: ")
            .append(
                esc(String.join(", ", b.activeThresholds().stream().map(t -> t + " %").toList())))
            .append("</p>\n");
      }
      actionList(html, "In force", b.actions());
      actionList(html, "Planned (dry run or waiting)", b.plannedActions());
      if (b.ready() != null && !b.ready().isEmpty()) {
        html.append("<p class=\"muted\">").append(esc(b.ready())).append("</p>\n");
      }
      html.append("</article>\n");
    }
    html.append("</div>\n</section>\n");
  }

  private static void actionList(StringBuilder html, String label, List<String> actions) {
    if (actions.isEmpty()) {
      return;
    }
    html.append("<p>").append(esc(label)).append(":</p>\n<ul class=\"actions\">\n");
    actions.forEach(a -> html.append("<li>").append(esc(a)).append("</li>\n"));
    html.append("</ul>\n");
  }

  private static void figure(
      StringBuilder html,
      String label,
      BigDecimal value,
      String currency,
      String key,
      boolean over) {
    html.append("<li><span>").append(label).append("</span><strong");
    if (over) {
      html.append(" class=\"over\"");
    }
    if (value != null) {
      html.append(" data-").append(key).append("=\"").append(value.toPlainString()).append("\"");
    }
    html.append(">")
        .append(value == null ? "–" : money(value) + " " + esc(nullToEmpty(currency)))
        .append("</strong></li>\n");
  }

  /**
   * Spend so far as a solid line from the period's start, the forecast as a dashed line to its end,
   * the limit as a horizontal line.
   */
  static void burnDown(StringBuilder html, Budget b) {
    if (b.periodStart() == null
        || b.periodEnd() == null
        || b.spent() == null
        || b.limit() == null
        || !b.periodEnd().isAfter(b.periodStart())) {
      return;
    }
    Instant until = b.accruedUntil() == null ? b.periodStart() : b.accruedUntil();
    BigDecimal forecast = b.forecast() == null ? b.spent() : b.forecast();
    double top =
        Math.max(b.limit().doubleValue(), Math.max(forecast.doubleValue(), b.spent().doubleValue()))
            * 1.1;
    if (top <= 0) {
      top = 1;
    }
    double span = Duration.between(b.periodStart(), b.periodEnd()).toSeconds();
    int left = 8;
    int right = CHART_WIDTH - 8;
    int bottom = CHART_HEIGHT - 16;
    int upper = 8;
    double xNow =
        left + (right - left) * clamp(Duration.between(b.periodStart(), until).toSeconds() / span);
    double ySpent = bottom - (bottom - upper) * (b.spent().doubleValue() / top);
    double yForecast = bottom - (bottom - upper) * (forecast.doubleValue() / top);
    double yLimit = bottom - (bottom - upper) * (b.limit().doubleValue() / top);
    String alt =
        "Burn-down of "
            + b.name()
            + ": "
            + money(b.spent())
            + " spent of "
            + money(b.limit())
            + " "
            + nullToEmpty(b.currency())
            + ", forecast "
            + money(forecast)
            + " at period end "
            + b.periodEnd();
    html.append("<svg class=\"burndown\" role=\"img\" aria-label=\"")
        .append(esc(alt))
        .append("\" width=\"")
        .append(CHART_WIDTH)
        .append("\" height=\"")
        .append(CHART_HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(CHART_WIDTH)
        .append(' ')
        .append(CHART_HEIGHT)
        .append("\"><title>")
        .append(esc(alt))
        .append("</title>")
        .append(line(left, bottom, right, bottom, "#d0d7de", null))
        .append(line(left, yLimit, right, yLimit, "#cf222e", "4 2"))
        .append("<text x=\"")
        .append(right - 60)
        .append("\" y=\"")
        .append(fmt(Math.max(upper + 8, yLimit - 3)))
        .append("\">limit</text>")
        .append(
            line(left, bottom, xNow, ySpent, "#0969da", null)
                .replace("/>", " stroke-width=\"2.5\"/>"))
        .append(line(xNow, ySpent, right, yForecast, "#0969da", "6 4"))
        .append("<circle cx=\"")
        .append(fmt(xNow))
        .append("\" cy=\"")
        .append(fmt(ySpent))
        .append("\" r=\"3\" fill=\"#0969da\"/>")
        .append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(CHART_HEIGHT - 3)
        .append("\">")
        .append(esc(b.periodStart().toString().substring(0, 10)))
        .append("</text><text x=\"")
        .append(right - 64)
        .append("\" y=\"")
        .append(CHART_HEIGHT - 3)
        .append("\">")
        .append(esc(b.periodEnd().toString().substring(0, 10)))
        .append("</text></svg>\n");
  }

  private static void spenders(StringBuilder html, List<Spender> spenders) {
    html.append("<section id=\"spenders\" aria-labelledby=\"spenders-h\">\n")
        .append("<h2 id=\"spenders-h\">Top spenders</h2>\n");
    if (spenders.isEmpty()) {
      html.append("<p class=\"muted\">No running pods priced yet.</p>\n</section>\n");
      return;
    }
    double most = spenders.stream().mapToDouble(Spender::perHour).max().orElse(1);
    html.append(
        "<table><caption>Namespaces by what their running pods cost per hour now</caption>\n"
            + "<thead><tr><th scope=\"col\">Namespace</th><th scope=\"col\">Team</th>"
            + "<th scope=\"col\" class=\"num\">Per hour</th><th scope=\"col\">Share</th></tr></thead><tbody>\n");
    for (Spender s : spenders) {
      double width = most <= 0 ? 0 : 160 * s.perHour() / most;
      html.append("<tr class=\"spender\" data-namespace=\"")
          .append(esc(s.namespace()))
          .append("\"><th scope=\"row\">")
          .append(esc(s.namespace()))
          .append("</th><td>")
          .append(esc(s.team()))
          .append("</td><td class=\"num\" data-per-hour=\"")
          .append(s.perHour())
          .append("\">")
          .append(String.format(Locale.ROOT, "%.4f", s.perHour()))
          .append(' ')
          .append(esc(s.currency()))
          .append("</td><td><svg width=\"164\" height=\"12\" aria-hidden=\"true\"><rect width=\"")
          .append(fmt(width))
          .append("\" height=\"12\" fill=\"#0969da\"/></svg></td></tr>\n");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static void schedules(StringBuilder html, List<Schedule> schedules, Instant asOf) {
    html.append("<section id=\"schedules\" aria-labelledby=\"schedules-h\">\n")
        .append("<h2 id=\"schedules-h\">Sleep schedules</h2>\n");
    if (schedules.isEmpty()) {
      html.append("<p class=\"muted\">No ShutdownSchedule.</p>\n</section>\n");
      return;
    }
    for (Schedule s : schedules) {
      html.append("<article class=\"card schedule\" data-schedule=\"")
          .append(esc(s.name()))
          .append("\">\n<h3>")
          .append(esc(s.name()))
          .append(" <span class=\"muted\">")
          .append(esc(nullToEmpty(s.state())))
          .append(
              "</span></h3>\n<ul class=\"figures\">\n<li><span>Asleep now</span><strong data-sleeping=\"")
          .append(s.sleepingWorkloads())
          .append("\">")
          .append(s.sleepingWorkloads())
          .append(" workloads</strong></li>\n");
      figure(html, "Saved", s.estimatedSavings(), s.currency(), "sleep-savings", false);
      html.append("<li><span>Next change</span><strong>")
          .append(esc(s.nextTransition() == null ? "–" : s.nextTransition()))
          .append("</strong></li>\n</ul>\n");
      timeline(html, s, asOf);
      html.append("</article>\n");
    }
    html.append("</section>\n");
  }

  /** The next seven days as a bar, the asleep spans shaded, a tick per day. */
  static void timeline(StringBuilder html, Schedule s, Instant asOf) {
    double week = WEEK.toSeconds();
    int width = TIMELINE_WIDTH;
    StringBuilder alt = new StringBuilder("Asleep in the next 7 days: ");
    StringBuilder rects = new StringBuilder();
    for (Span span : s.asleep()) {
      double x0 = width * clamp(Duration.between(asOf, span.from()).toSeconds() / week);
      double x1 = width * clamp(Duration.between(asOf, span.to()).toSeconds() / week);
      if (x1 <= x0) {
        continue;
      }
      rects
          .append("<rect x=\"")
          .append(fmt(x0))
          .append("\" y=\"4\" width=\"")
          .append(fmt(x1 - x0))
          .append("\" height=\"20\" fill=\"#8250df\"/>");
      alt.append(span.from()).append(" to ").append(span.to()).append("; ");
    }
    if (s.asleep().isEmpty()) {
      alt.append("never.");
    }
    html.append("<svg class=\"timeline\" role=\"img\" aria-label=\"")
        .append(esc(alt.toString().trim()))
        .append("\" width=\"100%\" height=\"40\" viewBox=\"0 0 ")
        .append(width)
        .append(" 40\" preserveAspectRatio=\"none\"><title>")
        .append(esc(alt.toString().trim()))
        .append("</title><rect x=\"0\" y=\"4\" width=\"")
        .append(width)
        .append("\" height=\"20\" fill=\"#dafbe1\"/>")
        .append(rects);
    for (int day = 0; day <= 7; day++) {
      double x = width * day / 7.0;
      html.append(line(x, 2, x, 26, "#57606a", null));
      if (day < 7) {
        html.append("<text x=\"")
            .append(fmt(x + 3))
            .append("\" y=\"37\">")
            .append(day == 0 ? "now" : "+" + day + "d")
            .append("</text>");
      }
    }
    html.append("</svg>\n");
  }

  private static void gpus(StringBuilder html, List<Gpu> gpus) {
    html.append("<section id=\"gpus\" aria-labelledby=\"gpus-h\">\n")
        .append("<h2 id=\"gpus-h\">GPUs</h2>\n");
    if (gpus.isEmpty()) {
      html.append("<p class=\"muted\">No GPU requested by a running pod.</p>\n</section>\n");
      return;
    }
    html.append(
        "<table><caption>GPUs requested by running pods, and their utilisation where a"
            + " ScalingPolicy reads it from DCGM</caption>\n<thead><tr><th scope=\"col\">Namespace</th>"
            + "<th scope=\"col\">Model</th><th scope=\"col\" class=\"num\">Allocated</th>"
            + "<th scope=\"col\" class=\"num\">Utilisation</th></tr></thead><tbody>\n");
    for (Gpu g : gpus) {
      boolean known = Double.isFinite(g.utilisation());
      html.append("<tr class=\"gpu\"><th scope=\"row\">")
          .append(esc(g.namespace()))
          .append("</th><td>")
          .append(esc(g.model()))
          .append("</td><td class=\"num\" data-allocated=\"")
          .append(g.allocated())
          .append("\">")
          .append(String.format(Locale.ROOT, "%.2f", g.allocated()))
          .append("</td><td class=\"num\"")
          .append(known ? " data-utilisation=\"" + g.utilisation() + "\"" : "")
          .append(">")
          .append(known ? String.format(Locale.ROOT, "%.0f %%", g.utilisation() * 100) : "–")
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static void tokenCosts(StringBuilder html, List<TokenCost> costs, String note) {
    html.append("<section id=\"token-cost\" aria-labelledby=\"token-cost-h\">\n")
        .append("<h2 id=\"token-cost-h\">Inference cost per token</h2>\n");
    if (note != null && !note.isEmpty()) {
      html.append("<p class=\"muted\">").append(esc(note)).append("</p>\n");
    }
    if (costs.isEmpty()) {
      html.append(
          "<p class=\"muted\">No vLLM or TGI workload with token counters.</p>\n</section>\n");
      return;
    }
    html.append(
        "<table><caption>Serving workloads: cost per million tokens (prompt and generated; generated"
            + " only)</caption>\n<thead><tr><th scope=\"col\">Workload</th><th scope=\"col\">Server</th>"
            + "<th scope=\"col\" class=\"num\">Per hour</th><th scope=\"col\" class=\"num\">Tokens/s</th>"
            + "<th scope=\"col\" class=\"num\">Per 1M tokens</th>"
            + "<th scope=\"col\" class=\"num\">Per 1M generated</th></tr></thead><tbody>\n");
    for (TokenCost c : costs) {
      html.append("<tr class=\"token-cost\" data-workload=\"")
          .append(esc(c.namespace() + "/" + c.workload()))
          .append("\"><th scope=\"row\">")
          .append(esc(c.namespace() + "/" + c.workload()))
          .append("</th><td>")
          .append(esc(c.server()))
          .append("</td><td class=\"num\">")
          .append(money(c.costPerHour()))
          .append(' ')
          .append(esc(c.currency()))
          .append("</td><td class=\"num\">")
          .append(
              String.format(
                  Locale.ROOT, "%.1f", c.promptTokensPerSecond() + c.generatedTokensPerSecond()))
          .append("</td>");
      perMillion(html, c.perMillionTokens(), c.currency(), "per-million");
      perMillion(html, c.perMillionGeneratedTokens(), c.currency(), "per-million-generated");
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static void perMillion(
      StringBuilder html, BigDecimal value, String currency, String key) {
    html.append("<td class=\"num\"");
    if (value != null) {
      html.append(" data-").append(key).append("=\"").append(value.toPlainString()).append("\"");
    }
    html.append(">")
        .append(value == null ? "idle" : value.toPlainString() + " " + esc(currency))
        .append("</td>");
  }

  private static void rightsizing(StringBuilder html, List<Advice> advice, String note) {
    html.append("<section id=\"rightsizing\" aria-labelledby=\"rightsizing-h\">\n")
        .append("<h2 id=\"rightsizing-h\">Rightsizing advice</h2>\n")
        .append("<p class=\"muted\">Advice only: Costguard never changes requests.</p>\n");
    if (note != null && !note.isEmpty()) {
      html.append("<p class=\"muted\">").append(esc(note)).append("</p>\n");
    }
    if (advice.isEmpty()) {
      html.append("<p class=\"muted\">No workload with known use.</p>\n</section>\n");
      return;
    }
    html.append(
        "<table><caption>Requests per pod now and recommended from use, and the money a"
            + " month</caption>\n<thead><tr><th scope=\"col\">Workload</th><th scope=\"col\">Advice</th>"
            + "<th scope=\"col\">Requests</th><th scope=\"col\">Recommended</th>"
            + "<th scope=\"col\" class=\"num\">Saving a month</th></tr></thead><tbody>\n");
    for (Advice a : advice) {
      html.append("<tr class=\"advice\" data-workload=\"")
          .append(esc(a.namespace() + "/" + a.workload()))
          .append("\"><th scope=\"row\">")
          .append(esc(a.namespace() + "/" + a.workload()))
          .append("</th><td>")
          .append(a.action())
          .append("</td><td>")
          .append(esc(requests(a.current())))
          .append("</td><td>")
          .append(esc(requests(a.recommended())))
          .append("</td><td class=\"num\" data-savings=\"")
          .append(a.savingsPerMonth().toPlainString())
          .append("\">")
          .append(a.savingsPerMonth().toPlainString())
          .append(' ')
          .append(esc(a.currency()))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table>\n</section>\n");
  }

  private static String requests(PodRequests r) {
    String text = r.cpuMillicores() + "m CPU, " + (r.memoryBytes() >> 20) + "Mi";
    return r.gpus() > 0 ? text + ", " + r.gpus() + " GPU" : text;
  }

  private static String line(
      double x1, double y1, double x2, double y2, String colour, String dash) {
    return "<line x1=\""
        + fmt(x1)
        + "\" y1=\""
        + fmt(y1)
        + "\" x2=\""
        + fmt(x2)
        + "\" y2=\""
        + fmt(y2)
        + "\" stroke=\""
        + colour
        + "\""
        + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"")
        + "/>";
  }

  static String money(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static double clamp(double ratio) {
    return Double.isFinite(ratio) ? Math.max(0, Math.min(1, ratio)) : 0;
  }

  private static String fmt(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  /** Text and attribute values, escaped for HTML. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
