package dev.costguard.schedule;

import dev.costguard.api.v1alpha1.ShutdownScheduleSpec;
import dev.costguard.api.v1alpha1.SleepWindowSpec;
import dev.costguard.api.v1alpha1.Weekday;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * When a ShutdownSchedule's namespaces sleep: weekly {@link SleepWindow}s plus holidays, in one
 * time zone. A holiday sleeps from local midnight to the next local midnight (23 or 25 hours on a
 * daylight saving day; where a zone skips midnight, from the first moment the day has). Windows and
 * holidays that overlap or touch form one sleep period, so a holiday Thursday inside a Mon-Fri
 * 19:00-07:00 schedule sleeps from Wednesday 19:00 to Friday 07:00 without waking.
 */
public record SleepSchedule(ZoneId timeZone, List<SleepWindow> windows, Set<LocalDate> holidays) {

  /**
   * How far {@link #nextTransition} looks: weekly windows repeat within a week, and holidays are
   * planned up to about a year ahead.
   */
  public static final Duration LOOKAHEAD = Duration.ofDays(366 + 7);

  private static final DateTimeFormatter TIME_OF_DAY =
      DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

  public SleepSchedule {
    windows = List.copyOf(windows);
    holidays = Set.copyOf(holidays);
  }

  /**
   * Reads and checks a ShutdownSchedule's spec; every problem found is reported, not just the
   * first, so one edit can fix them all.
   */
  public static SleepSchedule fromSpec(ShutdownScheduleSpec spec) throws InvalidScheduleException {
    var problems = new ArrayList<String>();
    Optional<ZoneId> zone = parseTimeZone(spec.timeZone, problems);
    var windows = new ArrayList<SleepWindow>();
    List<SleepWindowSpec> windowSpecs = spec.sleep == null ? List.of() : spec.sleep;
    for (int i = 0; i < windowSpecs.size(); i++) {
      parseWindow(windowSpecs.get(i), "sleep[" + i + "]", problems).ifPresent(windows::add);
    }
    var holidays = new ArrayList<LocalDate>();
    List<String> holidayTexts = spec.holidays == null ? List.of() : spec.holidays;
    for (int i = 0; i < holidayTexts.size(); i++) {
      parseHoliday(holidayTexts.get(i), "holidays[" + i + "]", problems).ifPresent(holidays::add);
    }
    if (!problems.isEmpty()) {
      throw new InvalidScheduleException(problems);
    }
    return new SleepSchedule(zone.orElseThrow(), windows, Set.copyOf(holidays));
  }

  /**
   * Asleep when {@code instant} lies in a sleep period; a period's start is asleep, its end awake.
   */
  public ScheduleState stateAt(Instant instant) {
    LocalDate today = LocalDate.ofInstant(instant, timeZone);
    boolean asleep =
        periodsStartingBetween(today.minusDays(SleepWindow.LONGEST_SPAN_DAYS), today)
            .anyMatch(period -> period.contains(instant));
    return asleep ? ScheduleState.Asleep : ScheduleState.Awake;
  }

  /**
   * The first instant after {@code after} at which {@link #stateAt} differs from its value at
   * {@code after}; empty when the state does not change within {@link #LOOKAHEAD}.
   */
  public Optional<Instant> nextTransition(Instant after) {
    Instant horizon = after.plus(LOOKAHEAD);
    return sleepPeriodsOverlapping(after, horizon).stream()
        .findFirst()
        .map(first -> first.start().isAfter(after) ? first.start() : first.end())
        // Periods starting past the horizon were not generated and could extend this one.
        .filter(transition -> !transition.isAfter(horizon));
  }

  /** Time asleep within [from, to), e.g. for savings estimates; zero when to is not after from. */
  public Duration asleepDuration(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    return sleepPeriodsOverlapping(from, to).stream()
        .map(period -> period.overlapWith(from, to))
        .reduce(Duration.ZERO, Duration::plus);
  }

  /** Merged sleep periods that overlap [from, to), in time order. */
  public List<SleepPeriod> sleepPeriodsOverlapping(Instant from, Instant to) {
    LocalDate firstDay =
        LocalDate.ofInstant(from, timeZone).minusDays(SleepWindow.LONGEST_SPAN_DAYS);
    LocalDate lastDay = LocalDate.ofInstant(to, timeZone);
    List<SleepPeriod> ordered =
        periodsStartingBetween(firstDay, lastDay)
            .filter(period -> period.end().isAfter(from) && period.start().isBefore(to))
            .sorted(Comparator.comparing(SleepPeriod::start))
            .toList();
    var merged = new ArrayList<SleepPeriod>();
    for (SleepPeriod period : ordered) {
      int last = merged.size() - 1;
      if (last >= 0 && merged.get(last).overlapsOrTouches(period)) {
        merged.set(last, merged.get(last).union(period));
      } else {
        merged.add(period);
      }
    }
    return merged;
  }

  /** Unmerged periods of windows and holidays that start on a local date in [firstDay, lastDay]. */
  private Stream<SleepPeriod> periodsStartingBetween(LocalDate firstDay, LocalDate lastDay) {
    Stream<SleepPeriod> windowPeriods =
        firstDay
            .datesUntil(lastDay.plusDays(1))
            .flatMap(
                day ->
                    windows.stream()
                        .flatMap(window -> window.periodStartingOn(day, timeZone).stream()));
    Stream<SleepPeriod> holidayPeriods =
        holidays.stream()
            .filter(day -> !day.isBefore(firstDay) && !day.isAfter(lastDay))
            .map(
                day ->
                    new SleepPeriod(
                        day.atStartOfDay(timeZone).toInstant(),
                        day.plusDays(1).atStartOfDay(timeZone).toInstant()));
    return Stream.concat(windowPeriods, holidayPeriods);
  }

  private static Optional<ZoneId> parseTimeZone(String timeZone, List<String> problems) {
    if (timeZone == null || timeZone.isBlank()) {
      problems.add("timeZone is required, e.g. Europe/Berlin or America/New_York");
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(timeZone.strip()));
    } catch (DateTimeException e) {
      problems.add(
          "timeZone \""
              + timeZone
              + "\" is not a known IANA time zone; use a name such as"
              + " Europe/Berlin, America/New_York or UTC");
      return Optional.empty();
    }
  }

  private static Optional<SleepWindow> parseWindow(
      SleepWindowSpec spec, String path, List<String> problems) {
    if (spec == null) {
      problems.add(path + " is empty; give days, from and to");
      return Optional.empty();
    }
    int problemsBefore = problems.size();
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    if (spec.days == null || spec.days.isEmpty()) {
      problems.add(path + ".days needs at least one day, e.g. [Mon, Tue, Wed, Thu, Fri]");
    } else if (spec.days.stream().anyMatch(Objects::isNull)) {
      problems.add(path + ".days has an empty entry; use Mon, Tue, Wed, Thu, Fri, Sat or Sun");
    } else {
      spec.days.forEach(day -> days.add(day.toDayOfWeek()));
    }
    Optional<LocalTime> from = parseTimeOfDay(spec.from, path + ".from", problems);
    Optional<LocalTime> to = parseTimeOfDay(spec.to, path + ".to", problems);
    Optional<DayOfWeek> untilDay = Optional.ofNullable(spec.untilDay).map(Weekday::toDayOfWeek);
    if (from.isPresent() && from.equals(to) && untilDay.isEmpty()) {
      problems.add(
          path
              + ": from and to are both "
              + spec.from
              + ", which leaves no time asleep; set a"
              + " different wake-up time, or untilDay for a window that lasts whole days");
    }
    if (problems.size() > problemsBefore) {
      return Optional.empty();
    }
    return Optional.of(new SleepWindow(days, from.orElseThrow(), to.orElseThrow(), untilDay));
  }

  private static Optional<LocalTime> parseTimeOfDay(
      String text, String path, List<String> problems) {
    if (text == null) {
      problems.add(path + " is required, as HH:MM, e.g. 19:00");
      return Optional.empty();
    }
    try {
      return Optional.of(LocalTime.parse(text, TIME_OF_DAY));
    } catch (DateTimeParseException e) {
      problems.add(
          path + " \"" + text + "\" is not a time of day as HH:MM (00:00 to 23:59), e.g. 19:00");
      return Optional.empty();
    }
  }

  private static Optional<LocalDate> parseHoliday(String text, String path, List<String> problems) {
    if (text == null) {
      problems.add(path + " is empty; give a date as YYYY-MM-DD, e.g. 2026-12-24");
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE));
    } catch (DateTimeParseException e) {
      problems.add(
          path + " \"" + text + "\" is not a calendar date as YYYY-MM-DD, e.g. 2026-12-24");
      return Optional.empty();
    }
  }
}
