package dev.costguard.operator;

import dev.costguard.kube.EventRecorder;
import dev.costguard.kube.UnreadableObjects;
import dev.costguard.kube.WorkloadPatcher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * What every reconciler is given: the cluster, the one clock all decisions read time from, the
 * configuration, and the shared ways to write events, workloads and metrics.
 */
public record OperatorServices(
    KubernetesClient client,
    Clock clock,
    OperatorConfig config,
    EventRecorder events,
    WorkloadPatcher patcher,
    MeterRegistry meters,
    UnreadableObjects unreadable,
    TimeScale timeScale) {

  /**
   * How long to wait in real time until {@code clockDuration} has passed on the clock: the same
   * unless the sandbox runs its clock faster than real time.
   */
  public Duration realDelay(Duration clockDuration) {
    return timeScale.toReal(clockDuration);
  }
}
