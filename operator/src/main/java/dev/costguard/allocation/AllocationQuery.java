package dev.costguard.allocation;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checked request of the allocation API: which span, and how to group. Every bound is checked
 * here, and a request outside them is a {@link BadRequest} naming the parameter and what it
 * accepts.
 *
 * @param start inclusive
 * @param end exclusive; never after the time of the request
 * @param label the namespace label key for {@link Aggregate#LABEL}, else {@code null}
 */
public record AllocationQuery(
    String span, Instant start, Instant end, Aggregate aggregate, String label) {
  /** Longest window and oldest period: Prometheus keeps 15 days by default, many keep 90. */
  public static final Duration MAX_WINDOW = Duration.ofDays(93);

  public static final String DEFAULT_WINDOW = "1d";

  private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
  private static final Pattern PERIOD = Pattern.compile("[0-9]{4}-[0-9]{2}");
  // A Kubernetes label key: an optional DNS subdomain prefix and a name of at most 63 characters.
  private static final Pattern LABEL_KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
              + "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final int MAX_LABEL_NAME = 63;
  private static final int MAX_LABEL_PREFIX = 253;

  /** How allocations are grouped. */
  public enum Aggregate {
    NAMESPACE("namespace"),
    TEAM("team"),
    LABEL("label");

    private final String word;

    Aggregate(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** A request the API refuses, with the parameter at fault. */
  public static final class BadRequest extends Exception {
    private final String parameter;

    public BadRequest(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }

    public String parameter() {
      return parameter;
    }
  }

  /**
   * {@code aggregate} as the request wrote it: {@code namespace}, {@code team}, {@code label:k}.
   */
  public String aggregateName() {
    return aggregate == Aggregate.LABEL ? "label:" + label : aggregate.word();
  }

  /** {@code GET /api/v1/allocation?window=7d&aggregate=team}: the window ending now. */
  public static AllocationQuery window(Map<String, List<String>> parameters, Instant now)
      throws BadRequest {
    only(parameters, Set.of("window", "aggregate"));
    String window = single(parameters, "window", DEFAULT_WINDOW);
    Duration duration = parseWindow(window);
    Aggregated aggregated = aggregate(single(parameters, "aggregate", "namespace"));
    return new AllocationQuery(
        window, now.minus(duration), now, aggregated.aggregate(), aggregated.label());
  }

  /**
   * {@code GET /api/v1/allocation/export?period=2026-11&format=csv}: one calendar month in UTC, up
   * to now when it is the current month.
   */
  public static AllocationQuery period(Map<String, List<String>> parameters, Instant now)
      throws BadRequest {
    only(parameters, Set.of("period", "aggregate", "format"));
    String period = single(parameters, "period", null);
    if (period == null) {
      throw new BadRequest("period", "period is required: a month in UTC as YYYY-MM, e.g. 2026-11");
    }
    YearMonth month;
    try {
      if (!PERIOD.matcher(period).matches()) {
        throw new DateTimeParseException("", period, 0);
      }
      month = YearMonth.parse(period);
    } catch (DateTimeParseException e) {
      throw new BadRequest(
          "period",
          "period must be a month in UTC as YYYY-MM, e.g. 2026-11, not " + quoted(period));
    }
    Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    if (!start.isBefore(now)) {
      throw new BadRequest("period", "period " + period + " has not started yet");
    }
    if (start.isBefore(now.minus(MAX_WINDOW).minus(Duration.ofDays(31)))) {
      throw new BadRequest(
          "period", "period " + period + " is older than the API serves (about 4 months)");
    }
    Aggregated aggregated = aggregate(single(parameters, "aggregate", "namespace"));
    return new AllocationQuery(
        period, start, end.isAfter(now) ? now : end, aggregated.aggregate(), aggregated.label());
  }

  /** {@code format=csv|json} of an export; json when left out. */
  public static String format(Map<String, List<String>> parameters) throws BadRequest {
    String format = single(parameters, "format", "json");
    if (!format.equals("csv") && !format.equals("json")) {
      throw new BadRequest("format", "format must be csv or json, not " + quoted(format));
    }
    return format;
  }

  static Duration parseWindow(String window) throws BadRequest {
    Matcher m = WINDOW.matcher(window);
    if (!m.matches()) {
      throw new BadRequest(
          "window",
          "window must be a whole number of minutes, hours or days such as 30m, 12h or 7d, not "
              + quoted(window));
    }
    long amount = Long.parseLong(m.group(1));
    Duration duration =
        switch (m.group(2)) {
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    if (duration.compareTo(MAX_WINDOW) > 0) {
      throw new BadRequest("window", "window " + window + " is longer than the maximum of 93d");
    }
    return duration;
  }

  private record Aggregated(Aggregate aggregate, String label) {}

  private static Aggregated aggregate(String value) throws BadRequest {
    switch (value) {
      case "namespace":
        return new Aggregated(Aggregate.NAMESPACE, null);
      case "team":
        return new Aggregated(Aggregate.TEAM, null);
      default:
        break;
    }
    if (value.startsWith("label:")) {
      String key = value.substring("label:".length());
      int slash = key.indexOf('/');
      String name = slash < 0 ? key : key.substring(slash + 1);
      if (!LABEL_KEY.matcher(key).matches()
          || name.length() > MAX_LABEL_NAME
          || (slash >= 0 && slash > MAX_LABEL_PREFIX)) {
        throw new BadRequest(
            "aggregate",
            "label:"
                + quoted(key)
                + " does not name a Kubernetes label key, e.g. label:cost-center or"
                + " label:example.com/cost-center");
      }
      return new Aggregated(Aggregate.LABEL, key);
    }
    throw new BadRequest(
        "aggregate",
        "aggregate must be namespace, team or label:<namespace label key>, not " + quoted(value));
  }

  private static void only(Map<String, List<String>> parameters, Set<String> known)
      throws BadRequest {
    for (String name : parameters.keySet()) {
      if (!known.contains(name)) {
        throw new BadRequest(
            name,
            "unknown parameter "
                + quoted(name)
                + "; this endpoint takes "
                + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private static String single(Map<String, List<String>> parameters, String name, String fallback)
      throws BadRequest {
    List<String> values = parameters.get(name);
    if (values == null || values.isEmpty()) {
      return fallback;
    }
    if (values.size() > 1) {
      throw new BadRequest(name, name + " is given " + values.size() + " times; give it once");
    }
    return values.get(0);
  }

  /** Quotes a value for an error message, cut short and with control characters escaped. */
  private static String quoted(String value) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    StringBuilder out = new StringBuilder("\"");
    shown
        .codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('"').toString();
  }
}
