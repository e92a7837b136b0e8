package dev.costguard.scaling;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.TargetRef;
import dev.costguard.kube.ClusterView;
import dev.costguard.kube.Keda;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds the workload a policy names, the autoscaler on it, and an older policy on the same one. */
public final class ScaleTargets {
  static final String HPA_API_VERSION = "autoscaling/v2";
  static final String HPA_KIND = "HorizontalPodAutoscaler";

  private final ClusterView view;

  public ScaleTargets(ClusterView view) {
    this.view = view;
  }

  public ScaleTarget find(ScalingPolicy policy) throws PolicyProblem {
    TargetRef ref = policy.getSpec().targetRef;
    String namespace = policy.getMetadata().getNamespace();
    if (ref.namespace != null && !ref.namespace.isBlank() && !ref.namespace.equals(namespace)) {
      throw new PolicyProblem(
          "TargetInOtherNamespace",
          "targetRef names namespace "
              + ref.namespace
              + "; a policy only scales workloads in its own namespace "
              + namespace);
    }
    if (ref.apiVersion != null && !ref.apiVersion.equals("apps/v1")) {
      throw new PolicyProblem(
          "UnsupportedTarget",
          "targetRef "
              + ref.apiVersion
              + " "
              + ref.kind
              + " is not supported: use apps/v1 Deployment or StatefulSet");
    }
    HasMetadata workload;
    Integer replicas;
    PodTemplateSpec template;
    LabelSelector selector;
    switch (ref.kind) {
      case Deployment -> {
        Deployment deployment = view.deployment(namespace, ref.name).orElse(null);
        workload = deployment;
        replicas = deployment == null ? null : deployment.getSpec().getReplicas();
        template = deployment == null ? null : deployment.getSpec().getTemplate();
        selector = deployment == null ? null : deployment.getSpec().getSelector();
      }
      case StatefulSet -> {
        StatefulSet set = view.statefulSet(namespace, ref.name).orElse(null);
        workload = set;
        replicas = set == null ? null : set.getSpec().getReplicas();
        template = set == null ? null : set.getSpec().getTemplate();
        selector = set == null ? null : set.getSpec().getSelector();
      }
      default ->
          throw new PolicyProblem(
              "UnsupportedTarget", "targetRef kind " + ref.kind + " is not supported");
    }
    if (workload == null) {
      throw new PolicyProblem(
          "TargetNotFound", ref.kind + " " + ref.name + " not found in namespace " + namespace);
    }
    Map<String, String> podLabels =
        selector == null || selector.getMatchLabels() == null
            ? Map.of()
            : selector.getMatchLabels();
    return new ScaleTarget(
        workload, replicas == null ? 1 : replicas, template, podLabels, autoscalerOf(workload));
  }

  /**
   * A KEDA ScaledObject on the workload, else an HPA on it. KEDA scales through an HPA of its own,
   * which is KEDA's to manage and therefore skipped.
   */
  private ScaleTarget.Autoscaler autoscalerOf(HasMetadata workload) {
    List<HasMetadata> autoscalers = view.autoscalersOf(workload);
    Optional<HasMetadata> scaledObject =
        autoscalers.stream()
            .filter(a -> Keda.SCALED_OBJECT.equals(a.getKind()))
            .min(Comparator.comparing(so -> so.getMetadata().getName()));
    if (scaledObject.isPresent()) {
      return new ScaleTarget.Autoscaler(
          scaledObject.get(), "/spec/minReplicaCount", "/spec/maxReplicaCount", 0);
    }
    return autoscalers.stream()
        .filter(a -> HPA_KIND.equals(a.getKind()))
        .filter(hpa -> !Keda.ownsIt(hpa))
        .min(Comparator.comparing(hpa -> hpa.getMetadata().getName()))
        .map(hpa -> new ScaleTarget.Autoscaler(hpa, "/spec/minReplicas", "/spec/maxReplicas", 1))
        .orElse(null);
  }

  /**
   * The policy that owns the workload when several name it: the oldest, then the first by name.
   * Policies being deleted do not count.
   */
  static Optional<ScalingPolicy> olderPolicy(
      ScalingPolicy policy,
      List<ScalingPolicy> inNamespace,
      java.util.function.Predicate<ScalingPolicy> valid) {
    TargetRef ref = policy.getSpec().targetRef;
    Comparator<ScalingPolicy> age =
        Comparator.comparing(
                (ScalingPolicy p) ->
                    p.getMetadata().getCreationTimestamp() == null
                        ? ""
                        : p.getMetadata().getCreationTimestamp())
            .thenComparing(p -> p.getMetadata().getName());
    return inNamespace.stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> !p.getMetadata().getName().equals(policy.getMetadata().getName()))
        .filter(p -> p.getSpec() != null && p.getSpec().targetRef != null)
        .filter(
            p ->
                p.getSpec().targetRef.kind == ref.kind
                    && ref.name.equals(p.getSpec().targetRef.name))
        .filter(p -> age.compare(p, policy) < 0)
        .filter(valid)
        .min(age);
  }
}
