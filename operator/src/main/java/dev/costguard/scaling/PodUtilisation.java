package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.ScalingTrigger;
import dev.costguard.kube.PodMetricsSnapshot;
import dev.costguard.kube.Timestamps;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The target's pods and their CPU or memory from metrics.k8s.io, as the HorizontalPodAutoscaler
 * reads them: each existing pod with what it (or one container of it) requests and uses. The
 * decision ({@link MetricReplicas}) sets aside what the HPA sets aside; the value shown in status
 * is the utilisation (or average per pod) of the pods that report, observed at the oldest sample.
 */
public final class PodUtilisation {
  private final PodMetricsSnapshot metrics;
  private final java.util.function.BiFunction<String, Map<String, String>, List<Pod>> pods;

  /**
   * @param metrics the operator's one shared pod-metrics snapshot
   * @param pods the pods of a namespace matching labels, from the watch-based cluster view
   */
  public PodUtilisation(
      PodMetricsSnapshot metrics,
      java.util.function.BiFunction<String, Map<String, String>, List<Pod>> pods) {
    this.metrics = metrics;
    this.pods = pods;
  }

  /** The pods of the target, as the replica calculation needs them. */
  public List<Pod> pods(String namespace, Map<String, String> podLabels) {
    return pods.apply(namespace, podLabels);
  }

  public static List<PodState> states(List<Pod> pods) {
    return pods.stream().map(PodUtilisation::state).toList();
  }

  static PodState state(Pod pod) {
    var status = pod.getStatus();
    Optional<PodCondition> ready =
        status == null || status.getConditions() == null
            ? Optional.empty()
            : status.getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    return new PodState(
        pod.getMetadata().getName(),
        pod.getMetadata().getDeletionTimestamp() != null,
        status == null ? null : status.getPhase(),
        ready.map(c -> "True".equals(c.getStatus())).orElse(null),
        ready.map(PodCondition::getLastTransitionTime).map(PodUtilisation::instant).orElse(null),
        status == null ? null : instant(status.getStartTime()));
  }

  public TriggerReading read(
      String trigger,
      ScalingTrigger spec,
      String namespace,
      Map<String, String> podLabels,
      List<Pod> pods) {
    Aim aim = Aim.of(spec);
    Duration maxAge = Duration.ofSeconds(spec.maxAgeSeconds == null ? 300 : spec.maxAgeSeconds);
    String resource = spec.resource.name();
    Predicate<String> counts =
        name ->
            spec.type != ScalingTrigger.TriggerType.ContainerResource
                || name.equals(spec.container);
    if (pods.isEmpty()) {
      return TriggerReading.unknown(trigger, "no pods of the target exist", aim, maxAge);
    }
    PodMetricsSnapshot.Snapshot snapshot = metrics.current();
    if (snapshot.unavailable() != null) {
      return TriggerReading.unknown(
          trigger, "metrics.k8s.io unavailable: " + snapshot.unavailable(), aim, maxAge);
    }
    Map<String, PodMetrics> byPod = snapshot.in(namespace);
    Map<String, PodMetric> samples = new LinkedHashMap<>();
    BigDecimal usage = BigDecimal.ZERO;
    BigDecimal requests = BigDecimal.ZERO;
    int reporting = 0;
    Instant oldest = null;
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      List<Container> containers =
          pod.getSpec().getContainers().stream().filter(c -> counts.test(c.getName())).toList();
      if (containers.isEmpty()) {
        return TriggerReading.unknown(
            trigger, "pod " + name + " has no container " + spec.container, aim, maxAge);
      }
      BigDecimal request = BigDecimal.ZERO;
      for (Container container : containers) {
        BigDecimal amount = quantity(requestsOf(container), resource);
        if (amount == null && aim.kind() == Aim.Kind.Utilization) {
          return TriggerReading.unknown(
              trigger,
              "container " + container.getName() + " of pod " + name + " requests no " + resource,
              aim,
              maxAge);
        }
        request = request.add(amount == null ? BigDecimal.ZERO : amount);
      }
      PodMetrics metrics = byPod.get(name);
      Instant sampledAt = metrics == null ? null : instant(metrics.getTimestamp());
      if (metrics == null || sampledAt == null) {
        samples.put(name, PodMetric.missing(request.doubleValue()));
        continue;
      }
      BigDecimal used = BigDecimal.ZERO;
      for (ContainerMetrics container : metrics.getContainers()) {
        if (counts.test(container.getName())) {
          BigDecimal amount = quantity(container.getUsage(), resource);
          used = used.add(amount == null ? BigDecimal.ZERO : amount);
        }
      }
      Duration window =
          metrics.getWindow() == null || metrics.getWindow().getDuration() == null
              ? Duration.ZERO
              : metrics.getWindow().getDuration();
      samples.put(
          name, new PodMetric(used.doubleValue(), request.doubleValue(), sampledAt, window));
      usage = usage.add(used);
      requests = requests.add(request);
      reporting++;
      oldest = oldest == null || sampledAt.isBefore(oldest) ? sampledAt : oldest;
    }
    // Requests are summed over the reporting pods only: with none reporting (no sample in the
    // shared snapshot yet), say so rather than that they request nothing.
    if (reporting == 0) {
      return TriggerReading.unknown(
          trigger, "no pod metrics for the target's pods yet", aim, maxAge);
    }
    if (aim.kind() == Aim.Kind.Utilization && requests.signum() == 0) {
      return TriggerReading.unknown(
          trigger, "the target's pods request no " + resource, aim, maxAge);
    }
    double value =
        aim.kind() == Aim.Kind.Utilization
            ? usage.doubleValue() * 100 / requests.doubleValue()
            : usage.doubleValue() / reporting;
    return TriggerReading.ofPods(trigger, value, oldest, aim, maxAge, samples);
  }

  private static Instant instant(String timestamp) {
    return timestamp == null || timestamp.isBlank() ? null : Timestamps.parse(timestamp);
  }

  private static Map<String, Quantity> requestsOf(Container container) {
    return container.getResources() == null || container.getResources().getRequests() == null
        ? Map.of()
        : container.getResources().getRequests();
  }

  private static BigDecimal quantity(Map<String, Quantity> quantities, String resource) {
    Quantity quantity = quantities == null ? null : quantities.get(resource);
    return quantity == null ? null : quantity.getNumericalAmount();
  }
}
