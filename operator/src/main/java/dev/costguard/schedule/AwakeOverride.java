package dev.costguard.schedule;

import java.time.Instant;

/**
 * A namespace's manual override: awake until a time whatever the schedule says; from then on the
 * schedule applies again. Read from the namespace with {@link AwakeUntilAnnotation#parse}.
 */
public sealed interface AwakeOverride {

  /** The namespace has no override. */
  record NotSet() implements AwakeOverride {}

  /** Awake until {@code until} (exclusive). */
  record Until(Instant until) implements AwakeOverride {}

  /** The annotation is there but unreadable, so it is ignored; {@code problem} says why. */
  record Malformed(String value, String problem) implements AwakeOverride {}

  /** True while the override keeps the namespace awake. */
  default boolean keepsAwakeAt(Instant instant) {
    return this instanceof Until override && instant.isBefore(override.until());
  }
}
