package dev.costguard.allocation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Groups the lines of a source into the API's answer: by namespace, by team, or by a namespace
 * label (as the namespace is labelled now). Money keeps six decimals and is never mixed across
 * currencies. Pure.
 */
public final class AllocationReport {
  /** The group of money whose team or label is not set, as Kubecost and OpenCost name it. */
  public static final String UNALLOCATED = "__unallocated__";

  private static final int MONEY_SCALE = 6;
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
  private static final BigDecimal JOULES_PER_KWH = BigDecimal.valueOf(3_600_000);

  private AllocationReport() {}

  /**
   * @param namespaceLabels the labels a namespace has now, for {@code label:<key>}
   */
  public static Allocation of(
      AllocationQuery query,
      AllocationLines lines,
      Function<String, Map<String, String>> namespaceLabels,
      String note) {
    Map<String, String> groupOfNamespace = new HashMap<>();
    Function<AllocationLines.Cost, String> costGroup =
        c -> group(query, c.namespace(), c.team(), namespaceLabels, groupOfNamespace);
    Function<AllocationLines.Usage, String> usageGroup =
        u -> group(query, u.namespace(), u.team(), namespaceLabels, groupOfNamespace);

    Map<String, Figures> groups = new TreeMap<>();
    for (AllocationLines.Cost cost : lines.costs()) {
      groups
          .computeIfAbsent(costGroup.apply(cost), g -> new Figures())
          .addMoney(cost.currency(), cost.capacity(), cost.money());
    }
    for (AllocationLines.Usage usage : lines.usages()) {
      groups.computeIfAbsent(usageGroup.apply(usage), g -> new Figures()).addUsage(usage);
    }

    Map<String, BigDecimal> allocatedByCurrency = new TreeMap<>();
    lines.costs().forEach(c -> allocatedByCurrency.merge(c.currency(), c.money(), BigDecimal::add));
    Map<List<String>, BigDecimal> idle = new TreeMap<>(Comparator.comparing(List::toString));
    lines
        .idle()
        .forEach(i -> idle.merge(List.of(i.capacity(), i.currency()), i.money(), BigDecimal::add));
    Map<String, BigDecimal> idleByCurrency = new TreeMap<>();
    lines.idle().forEach(i -> idleByCurrency.merge(i.currency(), i.money(), BigDecimal::add));

    List<Allocation.Row> rows = new ArrayList<>();
    groups.forEach((name, figures) -> rows.add(figures.row(name)));
    rows.sort(
        Comparator.comparing(AllocationReport::largestAmount, Comparator.reverseOrder())
            .thenComparing(Allocation.Row::name));

    List<Allocation.IdleCost> idleRows = new ArrayList<>();
    idle.forEach(
        (key, money) ->
            idleRows.add(new Allocation.IdleCost(key.get(0), key.get(1), money(money))));
    List<Allocation.Total> totals = new ArrayList<>();
    java.util.Set<String> currencies = new java.util.TreeSet<>(allocatedByCurrency.keySet());
    currencies.addAll(idleByCurrency.keySet());
    for (String currency : currencies) {
      BigDecimal allocated = allocatedByCurrency.getOrDefault(currency, BigDecimal.ZERO);
      BigDecimal unallocated = idleByCurrency.getOrDefault(currency, BigDecimal.ZERO);
      totals.add(
          new Allocation.Total(
              currency, money(allocated), money(unallocated), money(allocated.add(unallocated))));
    }
    return new Allocation(
        Allocation.API_VERSION,
        "Allocation",
        lines.source().name(),
        query.aggregateName(),
        new Allocation.Span(query.span(), instant(query.start()), instant(query.end())),
        new Allocation.Span(null, instant(lines.start()), instant(lines.end())),
        note,
        List.copyOf(rows),
        List.copyOf(idleRows),
        List.copyOf(totals));
  }

  private static String group(
      AllocationQuery query,
      String namespace,
      String team,
      Function<String, Map<String, String>> namespaceLabels,
      Map<String, String> groupOfNamespace) {
    return switch (query.aggregate()) {
      case NAMESPACE -> namespace;
      case TEAM -> team == null || team.isEmpty() ? UNALLOCATED : team;
      case LABEL ->
          groupOfNamespace.computeIfAbsent(
              namespace,
              ns -> {
                String value = namespaceLabels.apply(ns).get(query.label());
                return value == null || value.isEmpty() ? UNALLOCATED : value;
              });
    };
  }

  private static BigDecimal largestAmount(Allocation.Row row) {
    return row.cost().stream()
        .map(m -> new BigDecimal(m.amount()))
        .max(Comparator.naturalOrder())
        .orElse(BigDecimal.ZERO);
  }

  static String money(BigDecimal amount) {
    return amount.setScale(MONEY_SCALE, RoundingMode.HALF_UP).toPlainString();
  }

  private static String figure(BigDecimal amount) {
    return amount.setScale(MONEY_SCALE, RoundingMode.HALF_UP).toPlainString();
  }

  private static String instant(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** Money by currency and capacity, and usage, of one group. */
  private static final class Figures {
    private final Map<String, Map<String, BigDecimal>> money = new TreeMap<>();
    private BigDecimal gpuSeconds = BigDecimal.ZERO;
    private BigDecimal joules = BigDecimal.ZERO;
    private BigDecimal grams = BigDecimal.ZERO;

    void addMoney(String currency, String capacity, BigDecimal amount) {
      money
          .computeIfAbsent(currency, c -> new TreeMap<>())
          .merge(capacity, amount, BigDecimal::add);
    }

    void addUsage(AllocationLines.Usage usage) {
      gpuSeconds = gpuSeconds.add(usage.gpuSeconds());
      joules = joules.add(usage.energyJoules());
      grams = grams.add(usage.carbonGrams());
    }

    Allocation.Row row(String name) {
      List<Allocation.Money> cost = new ArrayList<>();
      money.forEach(
          (currency, byCapacity) -> {
            Map<String, String> split = new LinkedHashMap<>();
            byCapacity.forEach((capacity, amount) -> split.put(capacity, money(amount)));
            BigDecimal total =
                byCapacity.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            cost.add(new Allocation.Money(currency, money(total), split));
          });
      return new Allocation.Row(
          name,
          List.copyOf(cost),
          figure(gpuSeconds.divide(SECONDS_PER_HOUR, 12, RoundingMode.HALF_UP)),
          figure(joules.divide(JOULES_PER_KWH, 12, RoundingMode.HALF_UP)),
          figure(grams));
    }
  }
}
