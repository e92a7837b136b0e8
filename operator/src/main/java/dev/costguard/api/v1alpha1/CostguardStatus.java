package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Status fields every Costguard resource shares, following Kubernetes conventions so that Argo CD,
 * Flux (kstatus) and {@code kubectl wait --for=condition=Ready} understand them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public abstract class CostguardStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Standard conditions; Ready is always present once reconciled.")
  public List<Condition> conditions = new ArrayList<>();
}
