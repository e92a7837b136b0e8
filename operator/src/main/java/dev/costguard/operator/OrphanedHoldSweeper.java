package dev.costguard.operator;

import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.EventRecorder;
import dev.costguard.kube.InvalidOriginalStateException;
import dev.costguard.kube.OrphanedHolds;
import dev.costguard.kube.Timestamps;
import dev.costguard.kube.WorkloadPatcher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds holds whose holder is gone ({@link OrphanedHolds}), reports each (a Warning event on the
 * workload, the gauge {@code costguard_orphaned_holds}, and through {@link OrphanedHolds#in} a
 * condition on the Costguard objects selecting its namespace), and releases it through the one
 * write path once the grace period has passed or a person asked for it by annotation.
 */
final class OrphanedHoldSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanedHoldSweeper.class);

  private final KubernetesClient client;
  private final ClusterView view;
  private final OrphanedHolds orphans;
  private final WorkloadPatcher patcher;
  private final EventRecorder events;
  private final Clock clock;
  private final AtomicInteger count = new AtomicInteger();

  OrphanedHoldSweeper(
      KubernetesClient client,
      ClusterView view,
      OrphanedHolds orphans,
      WorkloadPatcher patcher,
      EventRecorder events,
      MeterRegistry meters,
      Clock clock) {
    this.client = client;
    this.view = view;
    this.orphans = orphans;
    this.patcher = patcher;
    this.events = events;
    this.clock = clock;
    Gauge.builder("costguard.orphaned.holds", count, AtomicInteger::get)
        .description(
            "Holds in costguard.dev/original whose holder no longer exists (released after the grace period)")
        .register(meters);
  }

  /** One sweep; {@code release} is false on a standby replica and in global dry run. */
  void sweep(boolean release) {
    Instant now = clock.instant();
    Map<String, Boolean> schedules = new HashMap<>();
    List<OrphanedHolds.Orphan> found =
        orphans.update(
            OrphanedHolds.find(
                view.held(), (holder, namespace) -> exists(holder, namespace, schedules)),
            now);
    count.set(found.size());
    for (OrphanedHolds.Orphan orphan : found) {
      events.warning(
          orphan.workload(),
          OrphanedHolds.REASON,
          orphan.describe()
              + ", which no longer exists; released at "
              + Timestamps.format(orphan.since().plus(OrphanedHolds.GRACE))
              + ", or now if annotated "
              + OrphanedHolds.RELEASE_ANNOTATION
              + "=true");
    }
    if (!release) {
      return;
    }
    for (OrphanedHolds.Orphan orphan : OrphanedHolds.due(found, now)) {
      try {
        var released = patcher.release(orphan.workload(), orphan.holder());
        events.normal(
            orphan.workload(),
            "OrphanedHoldReleased",
            "restored what "
                + orphan.holder()
                + " held"
                + (released.keptUserChanges().isEmpty()
                    ? ""
                    : "; kept what a person changed: " + released.keptUserChanges()));
      } catch (KubernetesClientException | InvalidOriginalStateException e) {
        // A conflict or a refusal: the next sweep tries again on the fresh object.
        LOG.warn("orphaned hold not released yet: {}: {}", orphan.describe(), e.getMessage());
      }
    }
  }

  /** Unknown holder kinds are orphans: nothing in Costguard would ever release them. */
  private boolean exists(String holder, String namespace, Map<String, Boolean> schedules) {
    String[] parts = holder.split("/");
    if (parts.length < 2) {
      return false;
    }
    return switch (parts[0]) {
      case "ShutdownSchedule" -> schedules.computeIfAbsent(parts[1], this::scheduleExists);
      case "WorkloadBudget" -> view.workloadBudget(parts[1]).isPresent();
      case "ScalingPolicy" ->
          view.scalingPoliciesIn(namespace).stream()
              .anyMatch(p -> p.getMetadata().getName().equals(parts[1]));
      default -> false;
    };
  }

  private boolean scheduleExists(String name) {
    try {
      return client.resources(ShutdownSchedule.class).withName(name).get() != null;
    } catch (KubernetesClientException e) {
      return true; // unknown is not gone: never release on a failed read
    }
  }
}
