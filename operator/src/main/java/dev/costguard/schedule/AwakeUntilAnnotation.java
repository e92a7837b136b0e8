package dev.costguard.schedule;

import dev.costguard.api.v1alpha1.CostguardApi;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Reads the namespace annotation {@value CostguardApi#AWAKE_UNTIL_ANNOTATION}. */
public final class AwakeUntilAnnotation {
  /** Longer than any RFC 3339 time; the cap keeps a pasted blob out of events and logs. */
  static final int MAX_LENGTH = 64;

  private static final String EXAMPLE = "2026-03-30T18:00:00+02:00";
  private static final DateTimeFormatter LOCAL_DATE_TIME = formatter(false);
  private static final DateTimeFormatter DATE_TIME_WITH_OFFSET = formatter(true);

  private AwakeUntilAnnotation() {}

  /**
   * Reads an annotation value as an RFC 3339 time such as {@value #EXAMPLE}. Lenient where the
   * meaning stays clear: surrounding blanks, lower-case {@code t} and {@code z}, a space instead of
   * {@code T}, no seconds, fractions of a second. A time without an offset is refused, since it
   * could mean any time zone. {@code null} or blank means no override.
   */
  public static AwakeOverride parse(String annotationValue) {
    if (annotationValue == null || annotationValue.isBlank()) {
      return new AwakeOverride.NotSet();
    }
    // Shown in events and logs: control characters (a line break) never reach them as they are.
    String value = annotationValue.strip().replaceAll("\\p{Cntrl}", "?");
    String name = CostguardApi.AWAKE_UNTIL_ANNOTATION;
    if (value.length() > MAX_LENGTH) {
      return new AwakeOverride.Malformed(
          value.substring(0, MAX_LENGTH) + "...",
          name
              + " is too long for a time; use RFC 3339, e.g. "
              + EXAMPLE
              + ". Ignored: the"
              + " schedule applies.");
    }
    String withT =
        value.length() > 10 && value.charAt(10) == ' '
            ? value.substring(0, 10) + 'T' + value.substring(11)
            : value;
    try {
      return new AwakeOverride.Until(
          OffsetDateTime.parse(withT, DATE_TIME_WITH_OFFSET).toInstant());
    } catch (DateTimeParseException unreadable) {
      String problem =
          isLocalDateTime(withT)
              ? " has no UTC offset, so its time zone is unknown; add Z or an offset, e.g. "
              : " is not an RFC 3339 time such as ";
      return new AwakeOverride.Malformed(
          value,
          name + " \"" + value + "\"" + problem + EXAMPLE + ". Ignored: the schedule applies.");
    }
  }

  private static boolean isLocalDateTime(String value) {
    try {
      LocalDateTime.parse(value, LOCAL_DATE_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static DateTimeFormatter formatter(boolean withOffset) {
    var builder =
        new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    if (withOffset) {
      builder.appendOffsetId();
    }
    return builder
        .toFormatter()
        .withResolverStyle(ResolverStyle.STRICT)
        .withChronology(IsoChronology.INSTANCE);
  }
}
