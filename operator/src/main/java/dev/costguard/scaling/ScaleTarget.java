package dev.costguard.scaling;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Map;

/**
 * The workload a policy scales, as observed, and the autoscaler that scales it instead of the
 * policy when there is one.
 *
 * @param autoscaler the HorizontalPodAutoscaler or KEDA ScaledObject on the workload, or {@code
 *     null}
 */
public record ScaleTarget(
    HasMetadata workload,
    int currentReplicas,
    PodTemplateSpec template,
    Map<String, String> podLabels,
    Autoscaler autoscaler) {

  /** Another autoscaler whose replica bounds the policy drives. */
  public record Autoscaler(
      HasMetadata resource, String minPointer, String maxPointer, int lowestMinimum) {
    public String describe() {
      return resource.getKind() + "/" + resource.getMetadata().getName();
    }
  }

  /** What the policy writes, for status: {@code Deployment/chat} or {@code ScaledObject/chat}. */
  public String scaledVia() {
    return autoscaler != null
        ? autoscaler.describe()
        : workload.getKind() + "/" + workload.getMetadata().getName();
  }
}
