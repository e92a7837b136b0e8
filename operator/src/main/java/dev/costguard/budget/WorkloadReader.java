package dev.costguard.budget;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the workloads of some namespaces fresh from the API server, only while a budget has actions
 * to take, hold or undo there: the budget controller caches no workloads, and each write carries
 * the {@code resourceVersion} of this read.
 */
final class WorkloadReader {
  // Up to this many namespaces, one list per namespace beats listing the whole cluster.
  private static final int PER_NAMESPACE_LISTS = 8;

  private final KubernetesClient client;
  private final Set<String> watchNamespaces;

  /**
   * @param watchNamespaces the namespaces the operator may act in; empty for all
   */
  WorkloadReader(KubernetesClient client, Set<String> watchNamespaces) {
    this.client = client;
    this.watchNamespaces = Set.copyOf(watchNamespaces);
  }

  ObservedWorkloads read(Set<String> namespaces, List<Node> nodes) {
    Set<String> readable =
        watchNamespaces.isEmpty()
            ? Set.copyOf(namespaces)
            : Set.copyOf(namespaces.stream().filter(watchNamespaces::contains).toList());
    if (readable.isEmpty()) {
      return new ObservedWorkloads(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), nodes);
    }
    return new ObservedWorkloads(
        list(Deployment.class, readable),
        list(StatefulSet.class, readable),
        list(CronJob.class, readable),
        list(Job.class, readable),
        list(HorizontalPodAutoscaler.class, readable),
        list(ScalingPolicy.class, readable),
        nodes);
  }

  private <T extends HasMetadata> List<T> list(Class<T> kind, Set<String> namespaces) {
    if (namespaces.size() <= PER_NAMESPACE_LISTS || !watchNamespaces.isEmpty()) {
      return namespaces.stream()
          .sorted()
          .flatMap(ns -> items(client.resources(kind).inNamespace(ns).list()))
          .toList();
    }
    return items(client.resources(kind).inAnyNamespace().list())
        .filter(w -> namespaces.contains(w.getMetadata().getNamespace()))
        .toList();
  }

  private static <T extends HasMetadata> Stream<T> items(KubernetesResourceList<T> list) {
    return list.getItems().stream();
  }
}
