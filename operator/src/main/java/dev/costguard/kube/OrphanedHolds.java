package dev.costguard.kube;

import dev.costguard.api.v1alpha1.CostguardApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Holds in {@code costguard.dev/original} whose holder no longer exists: its finalizer was
 * stripped, it was force-deleted, or the annotation names a holder Costguard does not know. Nobody
 * would ever release them, so the workload would stay asleep, capped or on spot forever.
 *
 * <p>{@link #find} is the pure rule; an instance keeps the latest sweep and when each orphan was
 * first seen, so capabilities can report the orphans in the namespaces they select, and the sweeper
 * releases one after {@link #GRACE} or at once when the workload is annotated {@value
 * #RELEASE_ANNOTATION}{@code : "true"}. First-seen times live in memory: after a restart the grace
 * period starts again, which only ever delays a release.
 */
public final class OrphanedHolds {
  /** How long an orphaned hold is reported before it is released. */
  public static final Duration GRACE = Duration.ofMinutes(10);

  /** On a workload: release its orphaned holds now, without waiting for the grace period. */
  public static final String RELEASE_ANNOTATION = CostguardApi.PREFIX + "release-orphaned-holds";

  /** Condition type, event reason and metric subject. */
  public static final String REASON = "OrphanedHold";

  /**
   * A hold on {@code workload} by {@code holder}, which no longer exists, first seen at {@code
   * since}.
   */
  public record Orphan(HasMetadata workload, String holder, Instant since) {
    /** namespace/Kind/name held by holder. */
    public String describe() {
      return workload.getMetadata().getNamespace()
          + "/"
          + workload.getKind()
          + "/"
          + workload.getMetadata().getName()
          + " held by "
          + holder;
    }

    String key() {
      return workload.getMetadata().getNamespace()
          + "/"
          + workload.getKind()
          + "/"
          + workload.getMetadata().getName()
          + "|"
          + holder;
    }

    public boolean releaseRequested() {
      Map<String, String> annotations = workload.getMetadata().getAnnotations();
      return annotations != null && "true".equalsIgnoreCase(annotations.get(RELEASE_ANNOTATION));
    }
  }

  private volatile List<Orphan> current = List.of();

  /**
   * The holds on {@code held} whose holder {@code exists} says is gone ({@code exists} gets the
   * holder and the workload's namespace), with {@code since} left null.
   */
  public static List<Orphan> find(
      Collection<? extends HasMetadata> held, BiPredicate<String, String> exists) {
    List<Orphan> orphans = new ArrayList<>();
    for (HasMetadata workload : held) {
      for (String holder : ClusterView.holdersOf(workload)) {
        if (!exists.test(holder, workload.getMetadata().getNamespace())) {
          orphans.add(new Orphan(workload, holder, null));
        }
      }
    }
    orphans.sort(Comparator.comparing(Orphan::key));
    return orphans;
  }

  /** Records a sweep's findings at {@code now}; an orphan seen before keeps its first-seen time. */
  public List<Orphan> update(List<Orphan> found, Instant now) {
    Map<String, Instant> before = new HashMap<>();
    current.forEach(o -> before.put(o.key(), o.since()));
    List<Orphan> updated =
        found.stream()
            .map(
                o ->
                    new Orphan(
                        o.workload(),
                        o.holder(),
                        Objects.requireNonNullElse(before.get(o.key()), now)))
            .toList();
    current = updated;
    return updated;
  }

  /** The orphans the last sweep found in these namespaces. */
  public List<Orphan> in(Collection<String> namespaces) {
    return current.stream()
        .filter(o -> namespaces.contains(o.workload().getMetadata().getNamespace()))
        .toList();
  }

  public List<Orphan> all() {
    return current;
  }

  /** Orphans to release now: past the grace period, or asked for by annotation. */
  public static List<Orphan> due(List<Orphan> orphans, Instant now) {
    return orphans.stream()
        .filter(o -> o.releaseRequested() || !now.isBefore(o.since().plus(GRACE)))
        .toList();
  }
}
