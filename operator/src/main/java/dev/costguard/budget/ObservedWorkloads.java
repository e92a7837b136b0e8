package dev.costguard.budget;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.stream.Stream;

/**
 * The workloads a budget may act on, as read from the cluster for one reconcile: everything in the
 * namespaces it selects or holds workloads in, and the nodes that tell where spot capacity is.
 *
 * @param customJobs jobs of the custom kinds of {@link dev.costguard.kube.JobKind} the cluster
 *     serves (JobSet, Kubeflow's training jobs, RayJob)
 */
public record ObservedWorkloads(
    List<Deployment> deployments,
    List<StatefulSet> statefulSets,
    List<CronJob> cronJobs,
    List<Job> jobs,
    List<GenericKubernetesResource> customJobs,
    List<HorizontalPodAutoscaler> autoscalers,
    List<ScalingPolicy> scalingPolicies,
    List<Node> nodes) {
  public static final ObservedWorkloads NONE =
      new ObservedWorkloads(
          List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  public ObservedWorkloads {
    deployments = List.copyOf(deployments);
    statefulSets = List.copyOf(statefulSets);
    cronJobs = List.copyOf(cronJobs);
    jobs = List.copyOf(jobs);
    customJobs = List.copyOf(customJobs);
    autoscalers = List.copyOf(autoscalers);
    scalingPolicies = List.copyOf(scalingPolicies);
    nodes = List.copyOf(nodes);
  }

  /** Every workload Costguard may write to, autoscalers included. */
  public Stream<HasMetadata> all() {
    return Stream.of(deployments, statefulSets, cronJobs, jobs, customJobs, autoscalers)
        .flatMap(List::stream);
  }
}
