package dev.costguard.metrics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costguard.metrics.HttpEndpoints.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code window} parameter of the read-only API: a PromQL duration of one unit ({@code 90s},
 * {@code 5m}, {@code 24h}, {@code 7d}) from 10 seconds to 7 days. Anything else is refused, so a
 * request can never make the operator ask Prometheus for months of samples.
 */
public final class ApiWindows {
  public static final Duration SHORTEST = Duration.ofSeconds(10);
  public static final Duration LONGEST = Duration.ofDays(7);
  public static final String PROBLEM =
      "window must be a duration from 10s to 7d in one unit (s, m, h or d), e.g. 5m or 24h";

  private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,6})([smhd])");

  private ApiWindows() {}

  public static Optional<Duration> parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    Duration window =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    return window.compareTo(SHORTEST) < 0 || window.compareTo(LONGEST) > 0
        ? Optional.empty()
        : Optional.of(window);
  }

  /** A duration as PromQL writes it, in its largest whole unit: 300 s is 5m, 90 s is 90s. */
  public static String format(Duration window) {
    long seconds = Math.max(1, window.toSeconds());
    if (seconds % 86400 == 0) {
      return seconds / 86400 + "d";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }

  /**
   * Answers a read-only endpoint whose one parameter is {@code window}: the last refresh without
   * it, {@code read} over the window with it, and 400 for a bad window or any other parameter.
   */
  public static Answer answer(
      Map<String, String> query, Supplier<String> latest, Function<Duration, String> read) {
    for (String name : query.keySet()) {
      if (!name.equals("window")) {
        return Answer.json(400, error("unknown parameter " + name + "; the only one is window"));
      }
    }
    if (!query.containsKey("window")) {
      return Answer.json(200, latest.get());
    }
    return parse(query.get("window"))
        .map(over -> Answer.json(200, read.apply(over)))
        .orElseGet(() -> Answer.json(400, error(PROBLEM)));
  }

  private static String error(String message) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("error", message);
    return root.toPrettyString() + "\n";
  }
}
