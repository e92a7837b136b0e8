package dev.costguard.scaling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scaling metrics: desired replicas, scale actions, each trigger's last value (NaN when
 * unknown), whether metrics are unavailable, and the GPU utilisation of a namespace where a DCGM
 * trigger measures it.
 */
public final class ScalingMetrics {
  static final String DESIRED_REPLICAS = "costguard_scaling_desired_replicas";
  static final String ACTIONS = "costguard_scaling_actions";
  static final String METRIC_VALUE = "costguard_scaling_metric_value";
  static final String METRICS_UNAVAILABLE = "costguard_scaling_metrics_unavailable";
  static final String GPU_UTILIZATION = "costguard_gpu_utilization_ratio";

  private final MeterRegistry registry;
  private final Map<Meter.Id, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

  public ScalingMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(
      String namespace,
      String policy,
      int desiredReplicas,
      List<TriggerReading> readings,
      boolean unavailable,
      Instant now) {
    Tags tags = Tags.of("namespace", namespace, "policy", policy);
    gauge(DESIRED_REPLICAS, "Replicas a scaling policy wants", tags, desiredReplicas);
    gauge(
        METRICS_UNAVAILABLE,
        "1 when a scaling policy's trigger value is unknown or unreadable",
        tags,
        unavailable ? 1 : 0);
    for (TriggerReading reading : readings) {
      double value = reading.isKnownAt(now) ? reading.value() : Double.NaN;
      gauge(
          METRIC_VALUE,
          "Last value of a scaling policy's trigger",
          tags.and("trigger", reading.trigger()),
          value);
    }
  }

  /** GPU utilisation as a ratio, from a Prometheus trigger on DCGM_FI_DEV_GPU_UTIL (percent). */
  public void gpuUtilisation(String namespace, double percent) {
    gauge(
        GPU_UTILIZATION,
        "GPU utilisation of a namespace, 0..1",
        Tags.of("namespace", namespace),
        percent / 100);
  }

  public void scaled(String namespace, String policy, String direction, String reason) {
    Counter.builder(ACTIONS)
        .description("Scale actions taken by scaling policies")
        .tags("namespace", namespace, "policy", policy, "direction", direction, "reason", reason)
        .register(registry)
        .increment();
  }

  /** Drops a deleted policy's series. */
  public void forget(String namespace, String policy) {
    registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("costguard_scaling"))
        .filter(
            m ->
                namespace.equals(m.getId().getTag("namespace"))
                    && policy.equals(m.getId().getTag("policy")))
        .forEach(
            m -> {
              registry.remove(m);
              gauges.remove(m.getId());
            });
  }

  private void gauge(String name, String description, Tags tags, double value) {
    Meter.Id id = new Meter.Id(name, tags, null, description, Meter.Type.GAUGE);
    gauges
        .computeIfAbsent(
            id,
            key -> {
              AtomicReference<Double> holder = new AtomicReference<>(value);
              Gauge.builder(name, holder, AtomicReference::get)
                  .description(description)
                  .tags(tags)
                  .strongReference(true)
                  .register(registry);
              return holder;
            })
        .set(value);
  }
}
