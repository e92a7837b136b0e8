package dev.costguard.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The report as plain-text tables, in the style of {@code kubectl get}. Pure. */
public final class ReportTable {
  private ReportTable() {}

  public static String render(Report report) {
    StringBuilder out = new StringBuilder();
    out.append("BUDGETS\n");
    List<List<String>> budgets = new ArrayList<>();
    budgets.add(
        List.of("NAME", "SPENT", "LIMIT", "USED", "BURN/H", "FORECAST", "PERIOD END", "STANDING"));
    for (Report.BudgetLine b : report.budgets()) {
      budgets.add(
          List.of(
              b.name(),
              money(b.spent(), b.currency()),
              money(b.limit(), b.currency()),
              dash(b.utilization()),
              money(b.burnPerHour(), b.currency()),
              money(b.forecast(), b.currency()),
              dash(b.periodEnd()),
              b.standing()));
    }
    table(out, budgets, "No budgets.");

    out.append("\nSAVINGS (shutdown schedules, this month)\n");
    List<List<String>> savings = new ArrayList<>();
    savings.add(List.of("SCHEDULE", "STATE", "SLEEPING", "SAVED", "SINCE"));
    for (Report.SavingsLine s : report.savings()) {
      savings.add(
          List.of(
              s.schedule(),
              dash(s.state()),
              s.sleepingWorkloads() == null ? "-" : s.sleepingWorkloads().toString(),
              money(s.estimatedSavings(), s.currency()),
              dash(s.since())));
    }
    table(out, savings, "No shutdown schedules.");

    out.append("\nTOP SPENDERS (running pods now")
        .append(report.catalog() == null ? "" : ", " + report.catalog())
        .append(")\n");
    List<List<String>> spenders = new ArrayList<>();
    spenders.add(List.of("NAMESPACE", "TEAM", "COST/H", "GPUS"));
    for (Report.Spender s : report.topSpenders()) {
      spenders.add(
          List.of(
              s.namespace(),
              s.team().isEmpty() ? "-" : s.team(),
              money(s.costPerHour(), s.currency()),
              s.gpus()));
    }
    table(out, spenders, "No running pods.");
    if (!report.idle().isEmpty()) {
      out.append("\nIDLE (node price no pod is allocated)\n");
      List<List<String>> idle = new ArrayList<>();
      idle.add(List.of("CAPACITY", "COST/H"));
      report
          .idle()
          .forEach(i -> idle.add(List.of(i.capacityType(), money(i.costPerHour(), i.currency()))));
      table(out, idle, "");
    }
    for (String warning : report.warnings()) {
      out.append("\nWarning: ").append(warning).append('\n');
    }
    return out.toString();
  }

  private static void table(StringBuilder out, List<List<String>> rows, String empty) {
    if (rows.size() == 1) {
      out.append(empty).append('\n');
      return;
    }
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String money(String amount, String currency) {
    return amount == null ? "-" : amount + " " + Objects.requireNonNullElse(currency, "");
  }

  private static String dash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }
}
