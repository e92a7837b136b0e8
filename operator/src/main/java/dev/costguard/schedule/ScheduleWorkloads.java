package dev.costguard.schedule;

import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.ViewEventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What shutdown schedules act on, read from the shared {@link ClusterView}: namespaces, the
 * workloads of every {@link SleepableKind} in the namespaces a schedule selects, and whatever it
 * holds anywhere (found by the holder index), so that it is woken even after its namespace left the
 * selection. Only these few reach the planner, never every workload in the cluster.
 */
final class ScheduleWorkloads {
  private final ClusterView view;

  ScheduleWorkloads(ClusterView view) {
    this.view = view;
  }

  List<Namespace> namespaces() {
    return view.namespaces();
  }

  /** Namespaces whose workloads the operator may change: all, or the watched ones. */
  boolean inScope(String namespace) {
    return view.watches(namespace);
  }

  /** The sleepable workloads of {@code namespaces}, and those {@code holder} holds anywhere. */
  List<HasMetadata> workloads(Collection<String> namespaces, String holder) {
    Map<String, HasMetadata> found = new LinkedHashMap<>();
    Stream.concat(
            namespaces.stream().flatMap(ns -> view.scalablesIn(ns).stream()),
            view.heldBy(holder).stream())
        .filter(w -> SleepableKind.of(w).isPresent())
        .forEach(w -> found.putIfAbsent(SleepPlanner.nameOf(w), w));
    return List.copyOf(found.values());
  }

  /**
   * A namespace change (labels, the awake-until annotation) concerns every schedule; a workload
   * change concerns the schedules acting in its namespace or holding it. Status-only changes (a
   * Deployment's ready replicas) concern none.
   */
  ViewEventSource<ShutdownSchedule> eventSource(EventSourceContext<ShutdownSchedule> context) {
    return new ViewEventSource<>(
        "shutdownschedule-cluster",
        view,
        change -> {
          HasMetadata object = change.object();
          if (object instanceof Namespace) {
            boolean same =
                change.before() != null
                    && change.after() != null
                    && Objects.equals(
                        change.before().getMetadata().getLabels(),
                        change.after().getMetadata().getLabels())
                    && Objects.equals(
                        change.before().getMetadata().getAnnotations(),
                        change.after().getMetadata().getAnnotations());
            return same ? Set.of() : all(context);
          }
          if (SleepableKind.of(object).isEmpty() || change.onlyStatus()) {
            return Set.of();
          }
          String namespace = object.getMetadata().getNamespace();
          Set<String> holders =
              Stream.of(change.before(), change.after())
                  .filter(Objects::nonNull)
                  .flatMap(o -> ClusterView.holdersOf(o).stream())
                  .collect(Collectors.toSet());
          return context
              .getPrimaryCache()
              .list()
              .filter(
                  s ->
                      (s.getStatus() != null
                              && s.getStatus().namespaces != null
                              && s.getStatus().namespaces.contains(namespace))
                          || holders.contains(ShutdownScheduleReconciler.holderOf(s)))
              .map(ResourceID::fromResource)
              .collect(Collectors.toSet());
        });
  }

  private static Set<ResourceID> all(EventSourceContext<ShutdownSchedule> context) {
    return context
        .getPrimaryCache()
        .list()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }
}
