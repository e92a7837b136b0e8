package dev.costguard.schedule;

import dev.costguard.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads what shutdown schedules act on, fresh from the API server at each reconcile: namespaces,
 * and the workloads of every {@link SleepableKind} in every namespace the operator may act on (all,
 * or the watched ones), so that whatever a schedule holds is found again even after its namespace
 * left the selection. Schedules reconcile at transitions and at the resync interval; listing then
 * is simpler and never stale, unlike informer caches right after a write.
 */
final class ScheduleWorkloads {
  private static final ResourceDefinitionContext SCALED_OBJECTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("keda.sh")
          .withVersion("v1alpha1")
          .withKind(SleepableKind.ScaledObject.name())
          .withPlural("scaledobjects")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final OperatorConfig config;

  ScheduleWorkloads(KubernetesClient client, OperatorConfig config) {
    this.client = client;
    this.config = config;
  }

  List<Namespace> namespaces() {
    return client.namespaces().list().getItems();
  }

  /** Namespaces whose workloads the operator may change: all, or the watched ones. */
  boolean inScope(String namespace) {
    return config.watchNamespaces().isEmpty() || config.watchNamespaces().contains(namespace);
  }

  List<HasMetadata> workloads() {
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(list(ns -> client.apps().deployments().inNamespace(ns).list().getItems(),
        () -> client.apps().deployments().inAnyNamespace().list().getItems()));
    all.addAll(list(ns -> client.apps().statefulSets().inNamespace(ns).list().getItems(),
        () -> client.apps().statefulSets().inAnyNamespace().list().getItems()));
    all.addAll(list(ns -> client.batch().v1().cronjobs().inNamespace(ns).list().getItems(),
        () -> client.batch().v1().cronjobs().inAnyNamespace().list().getItems()));
    all.addAll(list(ns -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns).list().getItems(),
        () -> client.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace().list().getItems()));
    all.addAll(scaledObjects());
    return all;
  }

  /** KEDA is optional: without its CRD there is nothing to pause. */
  private List<GenericKubernetesResource> scaledObjects() {
    try {
      List<GenericKubernetesResource> items =
          list(ns -> client.genericKubernetesResources(SCALED_OBJECTS).inNamespace(ns).list().getItems(),
              () -> client.genericKubernetesResources(SCALED_OBJECTS).inAnyNamespace().list().getItems());
      // List items may come without kind and apiVersion; the planner and patcher need them.
      items.forEach(item -> {
        item.setKind(SleepableKind.ScaledObject.name());
        item.setApiVersion(SleepableKind.ScaledObject.apiVersion());
      });
      return items;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return List.of();
      }
      throw e;
    }
  }

  private <T extends HasMetadata> List<T> list(
      Function<String, List<T>> inNamespace, Supplier<List<T>> everywhere) {
    if (config.watchNamespaces().isEmpty()) {
      return everywhere.get();
    }
    List<T> items = new ArrayList<>();
    config.watchNamespaces().forEach(ns -> items.addAll(inNamespace.apply(ns)));
    return items;
  }
}
