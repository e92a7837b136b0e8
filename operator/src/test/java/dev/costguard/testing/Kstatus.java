package dev.costguard.testing;

import java.util.List;
import java.util.Map;

/**
 * kstatus's rules for a custom resource (sigs.k8s.io/cli-utils pkg/kstatus/status, v0.37: {@code
 * Compute} → {@code checkGenericProperties}; no kind-specific rules apply to CRs), as Flux's health
 * checks apply them: Terminating when deleted; InProgress while {@code status.observedGeneration}
 * differs from {@code metadata.generation}; then the first of {@code Reconciling=True} (InProgress)
 * or {@code Stalled=True} (Failed) in list order; then, as a fallback ({@code
 * checkReadyCondition}), {@code Ready=True} is Current and {@code Ready=False} or {@code Unknown}
 * InProgress; else Current. So without Stalled a broken object would be InProgress until Flux's
 * timeout instead of Failed. An integration test (KstatusToolTest) checks these rules against
 * kstatus itself (tools/kstatus).
 */
public final class Kstatus {
  public enum Status {
    Current,
    InProgress,
    Failed,
    Terminating
  }

  public record Result(Status status, String message) {}

  private Kstatus() {}

  @SuppressWarnings("unchecked")
  public static Result compute(Map<String, Object> object) {
    Map<String, Object> metadata = (Map<String, Object>) object.getOrDefault("metadata", Map.of());
    if (metadata.get("deletionTimestamp") != null) {
      return new Result(Status.Terminating, "Resource scheduled for deletion");
    }
    Map<String, Object> status = (Map<String, Object>) object.get("status");
    if (status != null
        && status.get("observedGeneration") != null
        && metadata.get("generation") != null) {
      long observed = ((Number) status.get("observedGeneration")).longValue();
      long generation = ((Number) metadata.get("generation")).longValue();
      if (observed != generation) {
        return new Result(
            Status.InProgress,
            object.get("kind")
                + " generation is "
                + generation
                + ", but latest observed generation is "
                + observed);
      }
    }
    List<Map<String, Object>> conditions =
        status == null
            ? List.of()
            : (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
    for (Map<String, Object> condition : conditions) {
      boolean isTrue = "True".equals(condition.get("status"));
      if (isTrue && "Reconciling".equals(condition.get("type"))) {
        return new Result(Status.InProgress, String.valueOf(condition.get("message")));
      }
      if (isTrue && "Stalled".equals(condition.get("type"))) {
        return new Result(Status.Failed, String.valueOf(condition.get("message")));
      }
    }
    for (Map<String, Object> condition : conditions) {
      if ("Ready".equals(condition.get("type"))) {
        if ("True".equals(condition.get("status"))) {
          return new Result(Status.Current, "Resource is Ready");
        }
        if ("False".equals(condition.get("status")) || "Unknown".equals(condition.get("status"))) {
          return new Result(Status.InProgress, String.valueOf(condition.get("message")));
        }
      }
    }
    return new Result(Status.Current, "Resource is current");
  }
}
