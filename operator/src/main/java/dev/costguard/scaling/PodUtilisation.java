package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.ScalingTrigger;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * CPU or memory utilisation of a workload's pods from metrics.k8s.io, in percent of what the pod
 * template requests, as the HorizontalPodAutoscaler computes it: total usage over total requests
 * of the pods that have metrics. Observed at the oldest of their samples.
 */
public final class PodUtilisation {
  private final KubernetesClient client;

  public PodUtilisation(KubernetesClient client) {
    this.client = client;
  }

  public TriggerReading read(
      String trigger, ScalingTrigger spec, String namespace, Map<String, String> podLabels, PodTemplateSpec template) {
    double up = spec.scaleUpAbove;
    double down = spec.scaleDownBelow;
    Duration maxAge = Duration.ofSeconds(spec.maxAgeSeconds == null ? 300 : spec.maxAgeSeconds);
    String resource = spec.resource.name();
    BigDecimal requestPerPod = template.getSpec().getContainers().stream()
        .map(c -> quantity(requestsOf(c), resource))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    if (requestPerPod.signum() == 0) {
      return TriggerReading.unknown(trigger, "the pod template requests no " + resource, up, down, maxAge);
    }
    List<PodMetrics> pods;
    try {
      pods = client.top().pods().inNamespace(namespace).withLabels(podLabels).metrics().getItems();
    } catch (KubernetesClientException e) {
      return TriggerReading.unknown(trigger, "metrics.k8s.io unavailable: " + e.getMessage(), up, down, maxAge);
    }
    if (pods.isEmpty()) {
      return TriggerReading.unknown(trigger, "no pod metrics for the target's pods yet", up, down, maxAge);
    }
    BigDecimal usage = BigDecimal.ZERO;
    Instant oldest = Instant.MAX;
    for (PodMetrics pod : pods) {
      for (ContainerMetrics container : pod.getContainers()) {
        usage = usage.add(quantity(container.getUsage(), resource));
      }
      Instant sampled = pod.getTimestamp() == null ? Instant.MIN : Instant.parse(pod.getTimestamp());
      oldest = sampled.isBefore(oldest) ? sampled : oldest;
    }
    double percent = usage.doubleValue() * 100 / (requestPerPod.doubleValue() * pods.size());
    if (oldest.equals(Instant.MIN)) {
      return TriggerReading.unknown(trigger, "pod metrics carry no timestamp", up, down, maxAge);
    }
    return TriggerReading.known(trigger, percent, oldest, up, down, maxAge);
  }

  private static Map<String, Quantity> requestsOf(Container container) {
    return container.getResources() == null || container.getResources().getRequests() == null
        ? Map.of() : container.getResources().getRequests();
  }

  private static BigDecimal quantity(Map<String, Quantity> quantities, String resource) {
    Quantity quantity = quantities == null ? null : quantities.get(resource);
    return quantity == null ? BigDecimal.ZERO : quantity.getNumericalAmount();
  }
}
