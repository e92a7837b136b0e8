package dev.costguard.metrics;

import dev.costguard.cost.CostRollup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * What the cluster's pods cost, by namespace and never per pod: {@code
 * costguard_namespace_cost_per_hour{namespace,team,capacity_type,currency}}, {@code
 * costguard_gpu_allocated{namespace,gpu_model}}, {@code costguard_energy_watts{namespace}} and
 * {@code costguard_carbon_grams_per_hour{namespace}}. Each publication replaces the previous one,
 * so a namespace without pods drops out.
 */
public final class CostMetrics {
  /** gpu_model of GPUs on nodes without an {@code nvidia.com/gpu.product} label. */
  static final String UNKNOWN_GPU_MODEL = "unknown";

  private final MultiGauge costPerHour;
  private final MultiGauge gpus;
  private final MultiGauge watts;
  private final MultiGauge grams;

  public CostMetrics(MeterRegistry registry) {
    costPerHour =
        MultiGauge.builder("costguard.namespace.cost.per.hour")
            .description("Money per hour the namespace's running pods cost")
            .register(registry);
    gpus =
        MultiGauge.builder("costguard.gpu.allocated")
            .description("GPUs requested by running pods (MIG slices as fractions)")
            .register(registry);
    watts =
        MultiGauge.builder("costguard.energy.watts")
            .description("Estimated power draw of the namespace's running pods, PUE included")
            .register(registry);
    grams =
        MultiGauge.builder("costguard.carbon.grams.per.hour")
            .description("Estimated grams CO2e per hour of the namespace's running pods")
            .register(registry);
  }

  public synchronized void publish(CostRollup rollup) {
    costPerHour.register(
        rollup.moneyPerHour().entrySet().stream()
            .<MultiGauge.Row<?>>map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of(
                            "namespace", e.getKey().namespace(),
                            "team", e.getKey().team(),
                            "capacity_type", e.getKey().capacityType().name(),
                            "currency", e.getKey().currency()),
                        e.getValue()))
            .toList(),
        true);
    gpus.register(
        rollup.gpus().entrySet().stream()
            .<MultiGauge.Row<?>>map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of(
                            "namespace",
                            e.getKey().namespace(),
                            "gpu_model",
                            e.getKey().gpuModel().isEmpty()
                                ? UNKNOWN_GPU_MODEL
                                : e.getKey().gpuModel()),
                        e.getValue()))
            .toList(),
        true);
    watts.register(byNamespace(rollup.watts()), true);
    grams.register(byNamespace(rollup.gramsCo2ePerHour()), true);
  }

  private static List<MultiGauge.Row<?>> byNamespace(
      java.util.Map<String, java.math.BigDecimal> values) {
    return values.entrySet().stream()
        .<MultiGauge.Row<?>>map(
            e -> MultiGauge.Row.of(Tags.of("namespace", e.getKey()), e.getValue()))
        .toList();
  }
}
