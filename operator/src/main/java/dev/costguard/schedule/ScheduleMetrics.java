package dev.costguard.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics of shutdown schedules:
 *
 * <ul>
 *   <li>{@code costguard_schedule_sleeping_workloads{schedule}} (gauge): workloads asleep now.
 *   <li>{@code costguard_savings_total{schedule,currency}} (counter): money saved, growing while
 *       the schedule sleeps. It follows the status field estimatedSavings: each reconcile adds how
 *       much the estimate grew since the last one this process saw, so it restarts at 0 with the
 *       operator like any counter and {@code increase(costguard_savings_total[30d])} is the saving
 *       over 30 days.
 *   <li>{@code costguard_schedule_transitions_total{schedule,state}} (counter): changes of state.
 * </ul>
 */
final class ScheduleMetrics {
  private static final String SLEEPING = "costguard.schedule.sleeping.workloads";
  private static final String TRANSITIONS = "costguard.schedule.transitions";
  private static final String SAVINGS = "costguard.savings";

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> sleeping = new ConcurrentHashMap<>();

  /** Last estimate seen per schedule and currency, and the period it belongs to. */
  private final Map<String, Observed> lastSavings = new ConcurrentHashMap<>();

  private record Observed(String period, BigDecimal estimate) {}

  ScheduleMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void sleepingWorkloads(String schedule, long count) {
    sleeping
        .computeIfAbsent(
            schedule,
            name -> {
              AtomicLong value = new AtomicLong();
              Gauge.builder(SLEEPING, value, AtomicLong::get)
                  .description("Workloads a shutdown schedule has put to sleep")
                  .tag("schedule", name)
                  .register(registry);
              return value;
            })
        .set(count);
  }

  void transition(String schedule, ScheduleState to) {
    Counter.builder(TRANSITIONS)
        .description("Times a shutdown schedule changed between Awake and Asleep")
        .tags("schedule", schedule, "state", to.name())
        .register(registry)
        .increment();
  }

  /** Adds the growth of this period's estimate; a new period starts from zero. */
  void savings(String schedule, String currency, String period, BigDecimal estimate) {
    Counter counter =
        Counter.builder(SAVINGS)
            .description("Money saved by shutdown schedules (estimate; see estimatedSavings)")
            .tags("schedule", schedule, "currency", currency)
            .register(registry);
    Observed previous = lastSavings.put(schedule + "|" + currency, new Observed(period, estimate));
    if (previous == null) {
      return; // first sight in this process: the counter starts here
    }
    BigDecimal growth =
        previous.period().equals(period) ? estimate.subtract(previous.estimate()) : estimate;
    if (growth.signum() > 0) {
      counter.increment(growth.doubleValue());
    }
  }

  /** Forgets a deleted schedule, so its series disappear. */
  void remove(String schedule) {
    sleeping.remove(schedule);
    lastSavings.keySet().removeIf(key -> key.startsWith(schedule + "|"));
    registry.getMeters().stream()
        .filter(m -> Set.of(SLEEPING, TRANSITIONS, SAVINGS).contains(m.getId().getName()))
        .filter(m -> schedule.equals(m.getId().getTag("schedule")))
        .forEach(registry::remove);
  }
}
