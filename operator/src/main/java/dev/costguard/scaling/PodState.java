package dev.costguard.scaling;

import java.time.Instant;

/**
 * A pod of the target as the replica calculation needs it, observed from the pod list.
 *
 * @param ready the Ready condition's status, {@code null} when the pod has none yet
 * @param readySince when the Ready condition last changed, {@code null} when unknown
 * @param startedAt {@code status.startTime}, {@code null} when not started
 */
public record PodState(
    String name,
    boolean deleting,
    String phase,
    Boolean ready,
    Instant readySince,
    Instant startedAt) {
  public boolean isRunningAndReady() {
    return "Running".equals(phase) && Boolean.TRUE.equals(ready);
  }
}
