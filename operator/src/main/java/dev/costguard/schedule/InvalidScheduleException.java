package dev.costguard.schedule;

import java.util.List;

/** A ShutdownSchedule that cannot be followed; {@link #problems()} names each faulty field. */
public class InvalidScheduleException extends Exception {
  private final List<String> problems;

  public InvalidScheduleException(List<String> problems) {
    super("invalid ShutdownSchedule: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** One sentence per problem, each starting with the field path, e.g. {@code sleep[0].from}. */
  public List<String> problems() {
    return problems;
  }
}
