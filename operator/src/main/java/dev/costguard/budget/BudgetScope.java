package dev.costguard.budget;

import dev.costguard.api.v1alpha1.CostguardApi;
import dev.costguard.kube.Keda;
import dev.costguard.kube.LabelSelectors;
import dev.costguard.kube.ProtectedNamespaces;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Which workloads a budget may act on, for the threshold ladder and the cap alike: those in the
 * selected namespaces (never a protected one) whose pod template labels match the workload
 * selector, except the exempt and the critical ones. Critical is the label {@code
 * costguard.dev/critical: "true"} on the workload or its pod template, whatever {@code exempt}
 * says. Pure.
 */
final class BudgetScope {
  private final Set<String> selectedNamespaces;
  private final ProtectedNamespaces protectedNamespaces;
  private final LabelSelector workloadSelector;
  private final LabelSelector exempt;
  private final Collection<HasMetadata> workloads;

  /**
   * @param workloads the workloads as read (those Costguard can write to), autoscalers included
   */
  BudgetScope(
      Set<String> selectedNamespaces,
      ProtectedNamespaces protectedNamespaces,
      LabelSelector workloadSelector,
      LabelSelector exempt,
      Collection<HasMetadata> workloads) {
    this.selectedNamespaces = selectedNamespaces;
    this.protectedNamespaces = protectedNamespaces;
    this.workloadSelector = workloadSelector;
    this.exempt = exempt;
    this.workloads = workloads;
  }

  /** A Deployment or StatefulSet with its replicas and the HPA that drives it, if any. */
  record Scalable(
      HasMetadata workload, int replicas, Optional<HorizontalPodAutoscaler> autoscaler) {
    WorkloadRef ref() {
      return WorkloadRef.of(workload);
    }

    PodTemplateSpec template() {
      return podTemplateOf(workload);
    }
  }

  /** Deployments and StatefulSets in scope, each with the HPA that drives it, if any. */
  Stream<Scalable> scalables() {
    return Stream.concat(
        inScope(Deployment.class, d -> d.getSpec().getTemplate())
            .map(
                d ->
                    new Scalable(
                        d,
                        Objects.requireNonNullElse(d.getSpec().getReplicas(), 1),
                        autoscalerOf(d))),
        inScope(StatefulSet.class, s -> s.getSpec().getTemplate())
            .map(
                s ->
                    new Scalable(
                        s,
                        Objects.requireNonNullElse(s.getSpec().getReplicas(), 1),
                        autoscalerOf(s))))
        .toList()
        .stream();
  }

  static PodTemplateSpec podTemplateOf(HasMetadata scalable) {
    return scalable instanceof Deployment d
        ? d.getSpec().getTemplate()
        : ((StatefulSet) scalable).getSpec().getTemplate();
  }

  /** The pod selector of a Deployment or StatefulSet: which running pods are its replicas. */
  static LabelSelector podSelectorOf(HasMetadata scalable) {
    return scalable instanceof Deployment d
        ? d.getSpec().getSelector()
        : ((StatefulSet) scalable).getSpec().getSelector();
  }

  <T extends HasMetadata> Stream<T> inScope(Class<T> kind, Function<T, PodTemplateSpec> template) {
    return workloads.stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .filter(w -> inScope(w, podLabels(template.apply(w))));
  }

  boolean inScope(HasMetadata workload, Map<String, String> podLabels) {
    String namespace = workload.getMetadata().getNamespace();
    Map<String, String> labels =
        Objects.requireNonNullElse(workload.getMetadata().getLabels(), Map.of());
    boolean selected =
        selectedNamespaces.contains(namespace)
            && !protectedNamespaces.contains(namespace)
            && (workloadSelector == null || LabelSelectors.matches(workloadSelector, podLabels));
    return selected && !exempt(labels) && !exempt(podLabels);
  }

  boolean exempt(Map<String, String> labels) {
    return "true".equals(labels.get(CostguardApi.CRITICAL_LABEL))
        || (exempt != null && LabelSelectors.matches(exempt, labels));
  }

  private Optional<HorizontalPodAutoscaler> autoscalerOf(HasMetadata workload) {
    return workloads.stream()
        .filter(HorizontalPodAutoscaler.class::isInstance)
        .map(HorizontalPodAutoscaler.class::cast)
        .filter(
            h ->
                Objects.equals(
                    h.getMetadata().getNamespace(), workload.getMetadata().getNamespace()))
        .filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null)
        // KEDA rewrites the HPA it made from its ScaledObject: capping it would only fight KEDA.
        .filter(h -> !Keda.ownsIt(h))
        .filter(
            h ->
                workload.getKind().equals(h.getSpec().getScaleTargetRef().getKind())
                    && workload
                        .getMetadata()
                        .getName()
                        .equals(h.getSpec().getScaleTargetRef().getName()))
        .filter(h -> !exempt(Objects.requireNonNullElse(h.getMetadata().getLabels(), Map.of())))
        .findFirst();
  }

  /** The workload's replicas are KEDA's: an HPA that KEDA made from a ScaledObject drives it. */
  boolean drivenByKeda(HasMetadata workload) {
    return workloads.stream()
        .filter(HorizontalPodAutoscaler.class::isInstance)
        .map(HorizontalPodAutoscaler.class::cast)
        .filter(Keda::ownsIt)
        .filter(
            h ->
                Objects.equals(
                    h.getMetadata().getNamespace(), workload.getMetadata().getNamespace()))
        .filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null)
        .anyMatch(
            h ->
                workload.getKind().equals(h.getSpec().getScaleTargetRef().getKind())
                    && workload
                        .getMetadata()
                        .getName()
                        .equals(h.getSpec().getScaleTargetRef().getName()));
  }

  static Map<String, String> podLabels(PodTemplateSpec template) {
    return template == null || template.getMetadata() == null
        ? Map.of()
        : Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of());
  }
}
