package dev.costguard.cost;

import java.math.BigDecimal;
import java.util.function.Predicate;

/**
 * What a set of cached pods costs per hour where they run: the loop every budget evaluation runs
 * over its pods, so it allocates nothing per pod.
 */
public final class PodCosts {
  private PodCosts() {}

  /** A pod's measured use; {@link PodUsage#UNKNOWN} prices it by its requests. */
  @FunctionalInterface
  public interface Usages {
    Usages NONE = pod -> PodUsage.UNKNOWN;

    PodUsage of(CachedPod pod);
  }

  /**
   * Money per hour of the pods that hold a node and pass {@code selected}: exactly the sum of their
   * {@link PodCost#moneyPerHour()}, added up in nano-units.
   */
  public static BigDecimal perHour(
      Iterable<CachedPod> pods,
      Predicate<CachedPod> selected,
      PriceBook book,
      NodeStore nodes,
      Usages usages) {
    long nanos = 0;
    for (CachedPod pod : pods) {
      if (pod.holdsNode() && selected.test(pod)) {
        nanos =
            Math.addExact(
                nanos,
                nodes
                    .pricerFor(pod.nodeName(), book)
                    .moneyNanosPerHour(pod.requests(), usages.of(pod)));
      }
    }
    return BigDecimal.valueOf(nanos, 9);
  }

  public static PodCost price(CachedPod pod, PriceBook book, NodeStore nodes, Usages usages) {
    return nodes.pricerFor(pod.nodeName(), book).price(pod.requests(), usages.of(pod));
  }
}
