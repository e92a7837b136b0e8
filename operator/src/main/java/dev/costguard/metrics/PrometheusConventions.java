package dev.costguard.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;

/**
 * Keeps the /metrics output clean for {@code promtool check metrics}: every family has help text,
 * and the two JVM binder meters whose Prometheus names break the naming rules are left out ({@code
 * process.cpu.time} in "ns", already covered by {@code process_cpu_usage}; {@code
 * system.cpu.count}, a gauge ending in "_count").
 */
public final class PrometheusConventions {
  private PrometheusConventions() {}

  public static List<MeterFilter> filters() {
    return List.of(
        MeterFilter.denyNameStartsWith("process.cpu.time"),
        MeterFilter.denyNameStartsWith("system.cpu.count"),
        new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            if (id.getDescription() != null && !id.getDescription().isBlank()) {
              return id;
            }
            String source = id.getName().startsWith("operator.sdk") ? "java-operator-sdk: " : "";
            return new Meter.Id(
                id.getName(),
                io.micrometer.core.instrument.Tags.of(id.getTags()),
                id.getBaseUnit(),
                source + id.getName().replace('.', ' '),
                id.getType());
          }
        });
  }
}
