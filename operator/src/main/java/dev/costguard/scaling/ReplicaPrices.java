package dev.costguard.scaling;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.math.BigDecimal;
import java.util.Optional;

/** What one replica of a pod template costs per hour. */
public interface ReplicaPrices {
  /** Empty when the template cannot be priced in {@code currency}. */
  Optional<BigDecimal> perReplicaHour(PodTemplateSpec template, String currency);
}
