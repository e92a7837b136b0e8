package dev.costguard.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.costguard.api.v1alpha1.CostguardStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Objects;

/**
 * Writes a Costguard resource's status only when it differs from what is stored (with {@code
 * observedGeneration} and the kstatus conditions of {@link KstatusConditions}), as a full status
 * update with the resource's {@code resourceVersion}: a concurrent writer makes it fail with 409
 * and the reconcile is retried from fresh state, so accrued money is never counted twice.
 *
 * <p>The conflict is deliberately not retried here: java-operator-sdk's own retry would put the
 * status computed from the stale read onto the fresh resource, dropping what the other writer
 * recorded. Failing the reconcile makes the framework run it again on the fresh resource.
 */
public final class StatusWriter {
  /** Compares numbers by value: the API server keeps 1.5 where Costguard wrote 1.500000. */
  private static final ObjectMapper COMPARISON =
      Serialization.jsonMapper().copy().setNodeFactory(JsonNodeFactory.withExactBigDecimals(false));

  private static final int NO_RETRY = 0;

  private StatusWriter() {}

  /** Returns the resource as stored after the write, or unchanged when nothing differed. */
  public static <S extends CostguardStatus, R extends CustomResource<?, S>> R write(
      R resource, S desired, Context<R> context) {
    desired.observedGeneration = resource.getMetadata().getGeneration();
    KstatusConditions.derive(desired.conditions, desired.observedGeneration);
    if (sameJson(resource.getStatus(), desired)) {
      return resource;
    }
    return PrimaryUpdateAndCacheUtils.updateAndCacheResource(
        resource,
        context,
        r -> {
          r.setStatus(desired);
          return r;
        },
        r -> context.getClient().resource(r).updateStatus(),
        NO_RETRY,
        PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_TIMEOUT_MILLIS,
        PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_POLL_PERIOD_MILLIS);
  }

  private static boolean sameJson(Object stored, Object desired) {
    return stored != null
        && Objects.equals(COMPARISON.valueToTree(stored), COMPARISON.valueToTree(desired));
  }
}
