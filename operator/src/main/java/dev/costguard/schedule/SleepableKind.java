package dev.costguard.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.costguard.kube.HeldFields;
import dev.costguard.kube.Keda;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds a shutdown schedule acts on, and what sleep means for each as JSON pointer changes.
 * Workloads stop running; autoscalers are held so that nothing scales a sleeping workload back up.
 */
public enum SleepableKind {
  Deployment("apps/v1", false),
  StatefulSet("apps/v1", false),
  CronJob("batch/v1", false),
  HorizontalPodAutoscaler("autoscaling/v2", true),
  ScaledObject(Keda.API_VERSION, true);

  static final String REPLICAS = HeldFields.REPLICAS;
  static final String SUSPEND = HeldFields.SUSPEND;
  static final String MIN_REPLICAS = HeldFields.MIN_REPLICAS;
  static final String MAX_REPLICAS = HeldFields.MAX_REPLICAS;

  /** KEDA scales the target to this count and stops autoscaling while the annotation is set. */
  static final String KEDA_PAUSED_REPLICAS_POINTER = HeldFields.KEDA_PAUSED_REPLICAS;

  private final String apiVersion;
  private final boolean autoscaler;

  SleepableKind(String apiVersion, boolean autoscaler) {
    this.apiVersion = apiVersion;
    this.autoscaler = autoscaler;
  }

  public String apiVersion() {
    return apiVersion;
  }

  /** Autoscalers are held only so their workload stays asleep; they are not counted as sleeping. */
  public boolean isAutoscaler() {
    return autoscaler;
  }

  public static Optional<SleepableKind> of(HasMetadata resource) {
    return Arrays.stream(values()).filter(k -> k.name().equals(resource.getKind())).findFirst();
  }

  /**
   * The fields to set so that {@code workload} sleeps with {@code sleepReplicas}; empty when this
   * workload needs nothing.
   *
   * <p>HPA: the Kubernetes HPA controller does not scale a target whose replicas are 0 unless
   * {@code minReplicas} is 0 (condition ScalingActive=False, reason ScalingDisabled). So at {@code
   * sleepReplicas} 0 an HPA needs no change, except one with {@code minReplicas: 0}
   * (HPAScaleToZero), which is raised to 1 to disable it. With {@code sleepReplicas} above 0 the
   * HPA stays active, so its min and max are pinned to {@code sleepReplicas}.
   */
  public Map<String, JsonNode> sleepChanges(JsonNode workload, int sleepReplicas) {
    IntNode replicas = IntNode.valueOf(sleepReplicas);
    return switch (this) {
      case Deployment, StatefulSet -> Map.of(REPLICAS, replicas);
      case CronJob -> Map.of(SUSPEND, JsonNodeFactory.instance.booleanNode(true));
      case HorizontalPodAutoscaler -> {
        if (sleepReplicas > 0) {
          yield Map.of(MIN_REPLICAS, replicas, MAX_REPLICAS, replicas);
        }
        JsonNode min = workload.at(MIN_REPLICAS);
        yield min.isNumber() && min.asInt() == 0
            ? Map.of(MIN_REPLICAS, IntNode.valueOf(1))
            : Map.of();
      }
      case ScaledObject ->
          Map.of(
              KEDA_PAUSED_REPLICAS_POINTER,
              JsonNodeFactory.instance.textNode(Integer.toString(sleepReplicas)));
    };
  }
}
