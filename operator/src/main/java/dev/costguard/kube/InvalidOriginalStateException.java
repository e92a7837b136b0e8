package dev.costguard.kube;

import dev.costguard.api.v1alpha1.CostguardApi;

/** The original-state annotation on a workload is not what Costguard writes; nothing is changed. */
public class InvalidOriginalStateException extends RuntimeException {
  public InvalidOriginalStateException(String problem) {
    super("annotation " + CostguardApi.ORIGINAL_ANNOTATION + " " + problem);
  }
}
