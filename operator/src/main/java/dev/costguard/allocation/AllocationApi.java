package dev.costguard.allocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpHandler;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The read-only allocation API under {@code /api/v1/} (docs/allocation-api.md):
 *
 * <ul>
 *   <li>{@code GET /api/v1/allocation?window=7d&aggregate=namespace|team|label:<key>}
 *   <li>{@code GET /api/v1/allocation/export?period=2026-11&format=csv|json&aggregate=...}
 *   <li>{@code GET /api/v1/budgets}: budgets with their current and closed periods
 * </ul>
 *
 * Figures come from Prometheus when one is configured, else (or when it does not answer, said in
 * {@code note}) from the operator's own totals. A request outside the bounds is a 400 with a JSON
 * error naming the parameter. Independent of the HTTP server: {@link #handle} maps a request to a
 * {@link Response}.
 */
public final class AllocationApi {
  public static final String PREFIX = "/api/v1/";
  static final String JSON_TYPE = "application/json; charset=utf-8";
  static final String CSV_TYPE = "text/csv; charset=utf-8; header=present";
  static final List<String> CSV_HEADER =
      List.of(
          "period_start",
          "period_end",
          "coverage_start",
          "coverage_end",
          "source",
          "aggregate",
          "name",
          "currency",
          "cost",
          "cost_on_demand",
          "cost_spot",
          "cost_node_pool",
          "gpu_hours",
          "energy_kwh",
          "carbon_grams");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** An HTTP answer. */
  public record Response(int status, String contentType, String body, Map<String, String> headers) {
    static Response json(int status, Object body) {
      try {
        return new Response(status, JSON_TYPE, JSON.writeValueAsString(body) + "\n", Map.of());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise " + body.getClass(), e);
      }
    }
  }

  /** The error body of every 4xx: {@code {"error": {"code": 400, "parameter": ..., ...}}}. */
  public record Error(ErrorDetail error) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ErrorDetail(int code, String reason, String parameter, String message) {}

  private final Clock clock;
  private final AllocationSource operatorTotals;
  private final Optional<AllocationSource> prometheus;
  private final String prometheusName;
  private final Function<String, Map<String, String>> namespaceLabels;
  private final Supplier<List<WorkloadBudget>> budgets;

  /**
   * @param prometheus the Prometheus source, if one is configured
   * @param prometheusName how the note names it (its URL)
   * @param namespaceLabels a namespace's labels now, for {@code aggregate=label:<key>}
   */
  public AllocationApi(
      Clock clock,
      AllocationSource operatorTotals,
      Optional<AllocationSource> prometheus,
      String prometheusName,
      Function<String, Map<String, String>> namespaceLabels,
      Supplier<List<WorkloadBudget>> budgets) {
    this.clock = clock;
    this.operatorTotals = operatorTotals;
    this.prometheus = prometheus;
    this.prometheusName = prometheusName;
    this.namespaceLabels = namespaceLabels;
    this.budgets = budgets;
  }

  public Response handle(String method, String path, Map<String, List<String>> parameters) {
    String route =
        path.endsWith("/") && path.length() > PREFIX.length()
            ? path.substring(0, path.length() - 1)
            : path;
    boolean known =
        route.equals(PREFIX + "allocation")
            || route.equals(PREFIX + "allocation/export")
            || route.equals(PREFIX + "budgets");
    if (!known) {
      return error(
          404, "NotFound", null, "no such endpoint: " + path + "; see docs/allocation-api.md");
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      Response refused = error(405, "MethodNotAllowed", null, "the API is read-only: use GET");
      return new Response(
          refused.status(), refused.contentType(), refused.body(), Map.of("Allow", "GET, HEAD"));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    try {
      return switch (route) {
        case PREFIX + "allocation" ->
            Response.json(200, allocation(AllocationQuery.window(parameters, now)));
        case PREFIX + "allocation/export" -> export(parameters, now);
        default -> {
          if (!parameters.isEmpty()) {
            throw new AllocationQuery.BadRequest(
                parameters.keySet().iterator().next(), "/api/v1/budgets takes no parameters");
          }
          yield Response.json(200, BudgetPeriods.of(budgets.get()));
        }
      };
    } catch (AllocationQuery.BadRequest e) {
      return error(400, "BadRequest", e.parameter(), e.getMessage());
    }
  }

  /** This API as a handler of the JDK's HTTP server, mounted at {@link #PREFIX}. */
  public HttpHandler httpHandler() {
    return exchange -> {
      Response response;
      try {
        response =
            handle(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                parameters(exchange.getRequestURI().getRawQuery()));
      } catch (IllegalArgumentException e) {
        response = error(400, "BadRequest", null, "the query string cannot be decoded");
      }
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      response.headers().forEach(exchange.getResponseHeaders()::set);
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (!head) {
          out.write(body);
        }
      }
    };
  }

  /** Query parameters in order, each name with all its values. */
  static Map<String, List<String>> parameters(String rawQuery) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return parameters;
  }

  private Response export(Map<String, List<String>> parameters, Instant now)
      throws AllocationQuery.BadRequest {
    AllocationQuery query = AllocationQuery.period(parameters, now);
    String format = AllocationQuery.format(parameters);
    Allocation allocation = allocation(query);
    String file = "costguard-allocation-" + query.span() + "." + format;
    Map<String, String> headers =
        Map.of("Content-Disposition", "attachment; filename=\"" + file + "\"");
    if (format.equals("json")) {
      Response json = Response.json(200, allocation);
      return new Response(200, json.contentType(), json.body(), headers);
    }
    return new Response(200, CSV_TYPE, csv(allocation), headers);
  }

  /** The allocation for a query, from Prometheus when configured and answering. */
  public Allocation allocation(AllocationQuery query) {
    String note;
    AllocationLines lines;
    if (prometheus.isPresent()) {
      try {
        lines = prometheus.get().lines(query.start(), query.end());
        note = "increase() over the accrued counters in Prometheus at " + prometheusName;
        return AllocationReport.of(query, lines, namespaceLabels, note);
      } catch (AllocationSource.SourceUnavailable e) {
        note =
            "Prometheus at "
                + prometheusName
                + " did not answer ("
                + e.getMessage()
                + "): these are the operator's own totals, which begin when it started";
      }
    } else {
      note =
          "no Prometheus configured: the operator's own totals, which begin when it started"
              + " (see coverage)";
    }
    try {
      lines = operatorTotals.lines(query.start(), query.end());
    } catch (AllocationSource.SourceUnavailable e) {
      throw new IllegalStateException("the operator's totals are always available", e);
    }
    return AllocationReport.of(query, lines, namespaceLabels, note);
  }

  /**
   * RFC 4180 CSV (CRLF line ends, quoted where needed): a header, then one line per group and
   * currency, then the idle cost as group {@value #IDLE_NAME}, all amounts exact decimals.
   */
  static String csv(Allocation allocation) {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
      printer.printRecord(CSV_HEADER);
      for (Allocation.Row row : allocation.allocations()) {
        for (Allocation.Money money : row.cost()) {
          printer.printRecord(
              line(
                  allocation,
                  row.name(),
                  money.currency(),
                  money.amount(),
                  money.byCapacityType(),
                  row.gpuHours(),
                  row.energyKWh(),
                  row.carbonGrams()));
        }
        if (row.cost().isEmpty()) {
          printer.printRecord(
              line(
                  allocation,
                  row.name(),
                  "",
                  "",
                  Map.of(),
                  row.gpuHours(),
                  row.energyKWh(),
                  row.carbonGrams()));
        }
      }
      Map<String, Map<String, String>> idleByCurrency = new LinkedHashMap<>();
      for (Allocation.IdleCost idle : allocation.idle()) {
        idleByCurrency
            .computeIfAbsent(idle.currency(), c -> new LinkedHashMap<>())
            .put(idle.capacityType(), idle.amount());
      }
      for (Allocation.Total total : allocation.totals()) {
        printer.printRecord(
            line(
                allocation,
                IDLE_NAME,
                total.currency(),
                total.idle(),
                idleByCurrency.getOrDefault(total.currency(), Map.of()),
                "",
                "",
                ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The group name of idle cost in the CSV export, as Kubecost names it. */
  static final String IDLE_NAME = "__idle__";

  private static List<String> line(
      Allocation allocation,
      String name,
      String currency,
      String amount,
      Map<String, String> byCapacity,
      String gpuHours,
      String energy,
      String carbon) {
    return List.of(
        allocation.window().start(),
        allocation.window().end(),
        nullToEmpty(allocation.coverage().start()),
        nullToEmpty(allocation.coverage().end()),
        allocation.source(),
        allocation.aggregate(),
        name,
        currency,
        amount,
        byCapacity.getOrDefault("OnDemand", ""),
        byCapacity.getOrDefault("Spot", ""),
        byCapacity.getOrDefault("NodePool", ""),
        gpuHours,
        energy,
        carbon);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static Response error(int status, String reason, String parameter, String message) {
    return Response.json(status, new Error(new ErrorDetail(status, reason, parameter, message)));
  }
}
