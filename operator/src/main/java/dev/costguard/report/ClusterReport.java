package dev.costguard.report;

import dev.costguard.allocation.Allocation;
import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.cost.CachedPod;
import dev.costguard.cost.CatalogChoice;
import dev.costguard.cost.CostRollup;
import dev.costguard.cost.NodeStore;
import dev.costguard.cost.PodCosts;
import dev.costguard.cost.PriceBook;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reads what {@code costguard report} shows: budgets and shutdown schedules from their status (the
 * operator's record), and what each namespace's running pods cost now, priced here the way the
 * operator prices them (same catalog choice, same team label; by requests, as metrics.k8s.io is not
 * read). A kind that cannot be listed becomes a warning, and the rest is still shown.
 */
public final class ClusterReport {
  private static final int MONEY_SCALE = 6;

  private ClusterReport() {}

  public static Report read(
      KubernetesClient client, Instant now, String teamLabel, String defaultCatalog, int top) {
    List<String> warnings = new ArrayList<>();
    List<WorkloadBudget> budgets =
        list(
            "WorkloadBudgets",
            () -> client.resources(WorkloadBudget.class).list().getItems(),
            warnings);
    List<ShutdownSchedule> schedules =
        list(
            "ShutdownSchedules",
            () -> client.resources(ShutdownSchedule.class).list().getItems(),
            warnings);
    List<PriceCatalog> catalogs =
        list(
            "PriceCatalogs",
            () -> client.resources(PriceCatalog.class).list().getItems(),
            warnings);
    List<Namespace> namespaces =
        list("namespaces", () -> client.namespaces().list().getItems(), warnings);
    List<Node> nodeList = list("nodes", () -> client.nodes().list().getItems(), warnings);
    List<CachedPod> pods =
        list(
            "pods",
            () ->
                client.pods().inAnyNamespace().list().getItems().stream()
                    .map(CachedPod::of)
                    .toList(),
            warnings);

    CatalogChoice choice = CatalogChoice.choose(null, catalogs, defaultCatalog);
    String catalogName;
    CostRollup rollup;
    if (choice instanceof CatalogChoice.Chosen chosen) {
      catalogName = chosen.name();
      PriceBook book =
          chosen.catalog() == null
              ? PriceBook.openCostDefaults()
              : PriceBook.of(chosen.catalog().getSpec());
      NodeStore nodes = new NodeStore();
      nodeList.forEach(n -> nodes.put(nodes.getKey(n), n));
      Map<String, Map<String, String>> labels = new HashMap<>();
      namespaces.forEach(
          ns ->
              labels.put(
                  ns.getMetadata().getName(),
                  Objects.requireNonNullElse(ns.getMetadata().getLabels(), Map.of())));
      rollup =
          CostRollup.of(
              pods.stream(),
              nodes,
              book,
              ns -> labels.getOrDefault(ns, Map.of()),
              teamLabel,
              PodCosts.Usages.NONE);
    } else {
      CatalogChoice.Unavailable unavailable = (CatalogChoice.Unavailable) choice;
      catalogName = null;
      rollup = new CostRollup();
      warnings.add("top spenders not priced: " + unavailable.message());
    }
    return of(budgets, schedules, rollup, catalogName, now, top, warnings);
  }

  /** The report of what was read. Pure. */
  public static Report of(
      List<WorkloadBudget> budgets,
      List<ShutdownSchedule> schedules,
      CostRollup rollup,
      String catalog,
      Instant now,
      int top,
      List<String> warnings) {
    List<Report.BudgetLine> budgetLines =
        budgets.stream()
            .sorted(Comparator.comparing(b -> b.getMetadata().getName()))
            .map(ClusterReport::budgetLine)
            .toList();
    List<Report.SavingsLine> savings =
        schedules.stream()
            .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
            .map(ClusterReport::savingsLine)
            .toList();

    record SpenderKey(String namespace, String team, String currency) {}
    Map<SpenderKey, BigDecimal[]> spend = new HashMap<>();
    rollup
        .groups()
        .forEach(
            (group, rates) -> {
              BigDecimal[] sums =
                  spend.computeIfAbsent(
                      new SpenderKey(group.namespace(), group.team(), group.currency()),
                      k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
              sums[0] = sums[0].add(rates.moneyPerHour());
              sums[1] = sums[1].add(rates.gpus());
            });
    List<Report.Spender> spenders =
        spend.entrySet().stream()
            .sorted(
                Comparator.<Map.Entry<SpenderKey, BigDecimal[]>, BigDecimal>comparing(
                        e -> e.getValue()[0], Comparator.reverseOrder())
                    .thenComparing(e -> e.getKey().namespace()))
            .limit(top)
            .map(
                e ->
                    new Report.Spender(
                        e.getKey().namespace(),
                        e.getKey().team(),
                        e.getKey().currency(),
                        money(e.getValue()[0]),
                        e.getValue()[1].stripTrailingZeros().toPlainString()))
            .toList();
    List<Report.Idle> idle =
        rollup.idlePerHour().entrySet().stream()
            .sorted(Comparator.comparing(e -> e.getKey().capacity()))
            .map(
                e ->
                    new Report.Idle(
                        e.getKey().capacity(), e.getKey().currency(), money(e.getValue())))
            .toList();
    return new Report(
        Allocation.API_VERSION,
        "Report",
        now.toString(),
        catalog,
        budgetLines,
        savings,
        spenders,
        idle,
        List.copyOf(warnings));
  }

  private static Report.BudgetLine budgetLine(WorkloadBudget budget) {
    WorkloadBudgetStatus status = budget.getStatus();
    var limit = budget.getSpec() == null ? null : budget.getSpec().limit;
    BigDecimal limitAmount = limit == null ? null : limit.amount;
    String standing;
    if (status == null || status.spent == null) {
      standing = "Pending";
    } else if (limitAmount != null && status.spent.compareTo(limitAmount) >= 0) {
      standing = "Exceeded";
    } else if (limitAmount != null
        && status.forecast != null
        && status.forecast.compareTo(limitAmount) > 0) {
      standing = "AtRisk";
    } else {
      standing = "OnTrack";
    }
    return new Report.BudgetLine(
        budget.getMetadata().getName(),
        status != null && status.currency != null
            ? status.currency
            : limit == null ? null : limit.currency,
        plain(limitAmount),
        status == null ? null : plain(status.spent),
        status == null ? null : status.utilization,
        status == null ? null : plain(status.costPerHour),
        status == null ? null : plain(status.forecast),
        status == null ? null : status.periodEnd,
        standing);
  }

  private static Report.SavingsLine savingsLine(ShutdownSchedule schedule) {
    var status = schedule.getStatus();
    return new Report.SavingsLine(
        schedule.getMetadata().getName(),
        status == null ? null : status.state,
        status == null ? null : status.sleepingWorkloads,
        status == null ? null : status.currency,
        status == null ? null : plain(status.estimatedSavings),
        status == null ? null : status.savingsSince);
  }

  private static <T> List<T> list(String what, Supplier<List<T>> read, List<String> warnings) {
    try {
      return read.get();
    } catch (KubernetesClientException e) {
      warnings.add(
          "cannot list "
              + what
              + " (HTTP "
              + e.getCode()
              + (e.getCode() == 404 ? ": are Costguard's CRDs installed?" : "")
              + (e.getCode() == 403 ? ": your account may not list them" : "")
              + ")");
      return List.of();
    }
  }

  private static String money(BigDecimal amount) {
    return amount.setScale(MONEY_SCALE, RoundingMode.HALF_UP).toPlainString();
  }

  private static String plain(BigDecimal amount) {
    return amount == null ? null : amount.toPlainString();
  }
}
