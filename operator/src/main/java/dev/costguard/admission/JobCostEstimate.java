package dev.costguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.kube.JobKind;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a job will cost at most: the pods it runs at once ({@link JobKind#podGroups}), each priced
 * per hour by the budget's catalog from its requests, times its maximum run time. The maximum run
 * time is the deadline the job's kind enforces ({@code activeDeadlineSeconds} and the like, see
 * {@link JobKind#declaredDeadline}), else the annotation {@code costguard.dev/max-run-time}. A job
 * with neither has no bound and is refused: its cost cannot be known. Pure.
 */
public final class JobCostEstimate {
  /** Money in estimates is kept to micro-units, like the budget's status. */
  static final int MONEY_SCALE = 6;

  private static final Pattern DURATION =
      Pattern.compile("^(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s)?$");

  private JobCostEstimate() {}

  /** The estimate, or why there is none. */
  public sealed interface Result permits Priced, Unpriced {}

  /**
   * @param perHour the pods' cost per hour, all of them running at once
   * @param maxRunTime the longest the job may run
   * @param pods how many pods run at once
   * @param total {@code perHour x maxRunTime}, to micro-units
   */
  public record Priced(BigDecimal perHour, Duration maxRunTime, long pods, BigDecimal total)
      implements Result {
    /** What is left to spend {@code elapsed} after admission, at the estimated rate. */
    public BigDecimal remainingAfter(Duration elapsed) {
      Duration left = maxRunTime.minus(elapsed);
      return left.isNegative() ? BigDecimal.ZERO : cost(perHour, left);
    }
  }

  /**
   * @param reason a CamelCase reason, as in conditions
   * @param message for people
   */
  public record Unpriced(String reason, String message) implements Result {}

  /**
   * @param perPodHour what one pod of a spec costs per hour in the budget's catalog
   */
  public static Result of(
      JobKind kind,
      JsonNode job,
      Optional<String> maxRunTimeAnnotation,
      Function<PodSpec, BigDecimal> perPodHour) {
    List<JobKind.PodGroup> groups;
    try {
      groups = kind.podGroups(job);
    } catch (IllegalArgumentException e) {
      return new Unpriced("UnreadableJob", "its pod templates cannot be read: " + e.getMessage());
    }
    long pods = groups.stream().mapToLong(JobKind.PodGroup::count).sum();
    if (pods == 0) {
      return new Unpriced(
          "NothingToPrice",
          "it declares no pods of its own (a RayJob on an existing cluster costs what that cluster"
              + " costs)");
    }
    Optional<Duration> deadline = kind.declaredDeadline(job);
    Duration runTime;
    if (deadline.isPresent()) {
      runTime = deadline.get();
    } else if (maxRunTimeAnnotation.isPresent()) {
      Optional<Duration> parsed = parseDuration(maxRunTimeAnnotation.get());
      if (parsed.isEmpty()) {
        return new Unpriced(
            "InvalidMaxRunTime",
            CostguardApi.MAX_RUN_TIME_ANNOTATION
                + " must be a duration such as 90m, 4h or 1h30m, not \""
                + abbreviate(maxRunTimeAnnotation.get())
                + "\"");
      }
      runTime = parsed.get();
    } else {
      return new Unpriced(
          "NoRunTimeBound",
          "it declares no maximum run time: set "
              + deadlineField(kind)
              + " or the annotation "
              + CostguardApi.MAX_RUN_TIME_ANNOTATION
              + " (e.g. 4h)");
    }
    BigDecimal perHour = BigDecimal.ZERO;
    for (JobKind.PodGroup group : groups) {
      if (group.count() == 0) {
        continue;
      }
      PodSpec spec = group.template().getSpec();
      if (spec == null) {
        return new Unpriced(
            "UnreadableJob", "the pod template of " + group.role() + " has no spec to price");
      }
      BigDecimal each;
      try {
        each = perPodHour.apply(spec);
      } catch (RuntimeException e) {
        // e.g. a request too large for the pricing's integers: refuse the job, never the budget
        return new Unpriced(
            "UnreadableJob",
            "the requests of " + group.role() + " cannot be priced: " + e.getMessage());
      }
      perHour = perHour.add(each.multiply(BigDecimal.valueOf(group.count())));
    }
    return new Priced(perHour, runTime, pods, cost(perHour, runTime));
  }

  /** Go-style durations as Kubernetes users write them: {@code 90m}, {@code 4h}, {@code 1h30m}. */
  static Optional<Duration> parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (text.isBlank() || !m.matches()) {
      return Optional.empty();
    }
    Duration d =
        Duration.ofHours(part(m.group(1)))
            .plusMinutes(part(m.group(2)))
            .plusSeconds(part(m.group(3)));
    return d.isZero() ? Optional.empty() : Optional.of(d);
  }

  static BigDecimal cost(BigDecimal perHour, Duration time) {
    return perHour
        .multiply(BigDecimal.valueOf(time.toSeconds()))
        .divide(BigDecimal.valueOf(3600), MONEY_SCALE, RoundingMode.HALF_EVEN);
  }

  private static long part(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static String deadlineField(JobKind kind) {
    return switch (kind) {
      case Job, RayJob -> "spec.activeDeadlineSeconds";
      case JobSet -> "activeDeadlineSeconds on every replicated job";
      default -> "spec.runPolicy.activeDeadlineSeconds";
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
