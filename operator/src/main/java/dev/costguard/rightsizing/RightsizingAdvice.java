package dev.costguard.rightsizing;

import dev.costguard.cost.PodRequests;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The requests a workload's pods need, from their use over a window, and what the change is worth a
 * month. Pure. The rule, per pod (the busiest pod of the workload sets it):
 *
 * <ul>
 *   <li>CPU: the 95th percentile of use plus 15 % headroom, rounded up to 10 millicores (at least
 *       10m). CPU is compressible: a burst above it is throttled, not killed.
 *   <li>Memory: the peak working set plus 20 % headroom, rounded up to a MiB (at least 16 MiB).
 *       Memory is not compressible: a pod above its limit is killed, so the peak, not a percentile.
 *   <li>GPUs: whole GPUs, enough for the 95th percentile of utilisation plus 15 % ({@code ceil(gpus
 *       x p95 x 1.15)}), at least one. Utilisation does not show GPU memory: a model may need its
 *       GPUs' memory however idle they are, so read GPU advice with the model's size in mind. MIG
 *       slices are left as they are.
 * </ul>
 *
 * A resource whose use is unknown keeps its request. The advice is {@code Reduce} when the
 * recommendation costs at least 5 % less, {@code Increase} when a pod uses more than it requests
 * (the recommendation costs more: the saving is negative, the pod is under-provisioned), {@code
 * Keep} otherwise. Money a month is the hourly price of each pod's requests on its own node (spot,
 * node pools and the catalog as budgets price them) times 730 hours.
 */
public final class RightsizingAdvice {
  static final double CPU_HEADROOM = 0.15;
  static final double MEMORY_HEADROOM = 0.20;
  static final double GPU_HEADROOM = 0.15;
  static final long CPU_STEP_MILLICORES = 10;
  static final long MEMORY_STEP_BYTES = 1L << 20;
  static final long MEMORY_MINIMUM_BYTES = 16L << 20;
  static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);
  static final BigDecimal KEEP_BELOW = new BigDecimal("0.05");

  /** Reduce: the requests are larger than the use needs; Increase: smaller. */
  public enum Action {
    Reduce,
    Keep,
    Increase
  }

  /**
   * A pod of the workload: its requests and what any requests cost per hour on its node.
   *
   * @param perHour prices requests on the pod's node, in the workload's currency
   */
  public record Pod(String name, PodRequests requests, Function<PodRequests, BigDecimal> perHour) {}

  /**
   * @param current the requests of the workload's pods (its busiest pod's)
   * @param recommended what they should request
   * @param currentPerMonth what all its pods' requests cost a month now, scale 2
   * @param recommendedPerMonth what they would cost with the recommendation, scale 2
   * @param savingsPerMonth the difference; negative when the workload needs more
   */
  public record Advice(
      String namespace,
      String workload,
      int pods,
      Action action,
      PodRequests current,
      PodRequests recommended,
      PodUsageWindow usage,
      BigDecimal currentPerMonth,
      BigDecimal recommendedPerMonth,
      BigDecimal savingsPerMonth,
      String currency) {}

  private RightsizingAdvice() {}

  /**
   * Advice for a workload, or none when none of its pods has known use.
   *
   * @param usage each pod's use by pod name; pods without any are left out of the sums
   */
  public static Optional<Advice> advise(
      String namespace,
      String workload,
      String currency,
      List<Pod> pods,
      Function<String, PodUsageWindow> usage) {
    PodUsageWindow busiest = null;
    PodRequests current = null;
    for (Pod pod : pods) {
      PodUsageWindow used = usage.apply(pod.name());
      if (used == null
          || used.equals(PodUsageWindow.UNKNOWN)
          || !(used.knowsCpu() || used.knowsMemory() || used.knowsGpu())) {
        continue;
      }
      busiest = busiest == null ? used : busiest.max(used);
      current = current == null ? pod.requests() : larger(current, pod.requests());
    }
    if (busiest == null) {
      return Optional.empty();
    }
    PodRequests recommended = recommend(current, busiest);
    BigDecimal now = BigDecimal.ZERO;
    BigDecimal then = BigDecimal.ZERO;
    int counted = 0;
    for (Pod pod : pods) {
      PodUsageWindow used = usage.apply(pod.name());
      if (used == null || used.equals(PodUsageWindow.UNKNOWN)) {
        continue;
      }
      counted++;
      now = now.add(pod.perHour().apply(pod.requests()));
      then = then.add(pod.perHour().apply(recommended));
    }
    BigDecimal nowMonthly = monthly(now);
    BigDecimal thenMonthly = monthly(then);
    BigDecimal savings = nowMonthly.subtract(thenMonthly);
    return Optional.of(
        new Advice(
            namespace,
            workload,
            counted,
            action(now, then, current, busiest),
            current,
            recommended,
            busiest,
            nowMonthly,
            thenMonthly,
            savings,
            currency));
  }

  /** The requests the use calls for; unknown use keeps the current request. */
  static PodRequests recommend(PodRequests current, PodUsageWindow used) {
    long cpu =
        used.knowsCpu()
            ? Math.max(
                CPU_STEP_MILLICORES,
                roundUp(
                    Math.ceil(used.cpuMillicoresP95() * (1 + CPU_HEADROOM)), CPU_STEP_MILLICORES))
            : current.cpuMillicores();
    long memory =
        used.knowsMemory()
            ? Math.max(
                MEMORY_MINIMUM_BYTES,
                roundUp(
                    Math.ceil(used.memoryBytesPeak() * (1 + MEMORY_HEADROOM)), MEMORY_STEP_BYTES))
            : current.memoryBytes();
    long gpus =
        current.gpus() > 0 && used.knowsGpu()
            ? Math.max(
                1,
                Math.min(
                    current.gpus(),
                    (long)
                        Math.ceil(
                            current.gpus()
                                    * Math.min(1, used.gpuUtilisationP95())
                                    * (1 + GPU_HEADROOM)
                                - 1e-9)))
            : current.gpus();
    return new PodRequests(cpu, memory, gpus, current.migSlices());
  }

  private static Action action(
      BigDecimal now, BigDecimal then, PodRequests current, PodUsageWindow used) {
    boolean overUsed =
        (used.knowsCpu() && used.cpuMillicoresP95() > current.cpuMillicores())
            || (used.knowsMemory() && used.memoryBytesPeak() > current.memoryBytes());
    if (overUsed && then.compareTo(now) > 0) {
      return Action.Increase;
    }
    if (now.signum() > 0 && now.subtract(then).compareTo(now.multiply(KEEP_BELOW)) >= 0) {
      return Action.Reduce;
    }
    return Action.Keep;
  }

  private static BigDecimal monthly(BigDecimal perHour) {
    return perHour.multiply(HOURS_PER_MONTH).setScale(2, RoundingMode.HALF_UP);
  }

  private static long roundUp(double value, long step) {
    long whole = (long) value;
    return ((whole + step - 1) / step) * step;
  }

  private static PodRequests larger(PodRequests a, PodRequests b) {
    return new PodRequests(
        Math.max(a.cpuMillicores(), b.cpuMillicores()),
        Math.max(a.memoryBytes(), b.memoryBytes()),
        Math.max(a.gpus(), b.gpus()),
        Math.max(a.migSlices(), b.migSlices()));
  }
}
