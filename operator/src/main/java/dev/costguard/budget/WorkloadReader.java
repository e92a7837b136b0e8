package dev.costguard.budget;

import dev.costguard.kube.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The workloads of some namespaces as the shared {@link ClusterView} holds them, read only while a
 * budget has actions to take, hold or undo there. Each write carries the {@code resourceVersion} of
 * this read, so a copy the watch has not refreshed yet costs a conflict and a retry, never a lost
 * update.
 */
final class WorkloadReader {
  private final ClusterView view;

  WorkloadReader(ClusterView view) {
    this.view = view;
  }

  ObservedWorkloads read(Set<String> namespaces, List<Node> nodes) {
    List<String> readable = namespaces.stream().filter(view::watches).sorted().toList();
    if (readable.isEmpty()) {
      return new ObservedWorkloads(
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), nodes);
    }
    return new ObservedWorkloads(
        in(readable, view::deploymentsIn),
        in(readable, view::statefulSetsIn),
        in(readable, view::cronJobsIn),
        in(readable, view::jobsIn),
        in(readable, view::customJobsIn),
        in(readable, view::hpasIn),
        in(readable, view::scalingPoliciesIn),
        nodes);
  }

  private static <T extends HasMetadata> List<T> in(
      List<String> namespaces, Function<String, List<T>> read) {
    return namespaces.stream().flatMap(ns -> read.apply(ns).stream()).toList();
  }
}
