package dev.costguard.api.v1alpha1;

/**
 * The operators a Kubernetes label selector knows, spelled exactly so. Only the CRD schema uses
 * this type (via {@code @SchemaSwap}); code reads selectors as fabric8 {@code LabelSelector}.
 */
public enum LabelSelectorOperator {
  In,
  NotIn,
  Exists,
  DoesNotExist
}
