package dev.costguard.allocation;

import java.time.Instant;

/** Where allocations for a span come from: Prometheus, or the operator's own totals. */
@FunctionalInterface
public interface AllocationSource {
  /**
   * @throws SourceUnavailable when the source cannot answer now (Prometheus down or refusing)
   */
  AllocationLines lines(Instant start, Instant end) throws SourceUnavailable;

  /** The source could not answer; the message says why, for the API's note. */
  final class SourceUnavailable extends Exception {
    public SourceUnavailable(String message) {
      super(message);
    }
  }
}
