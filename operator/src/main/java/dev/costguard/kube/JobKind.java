package dev.costguard.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * The one table of batch and training job kinds Costguard suspends and admits, each through its own
 * suspend field: the kind's API, the JSON pointer of that field, and when a job of the kind has
 * finished (a finished job is never suspended or counted as waiting).
 *
 * <p>Only {@code Job} is built in. The others are custom resources: the {@link ClusterView} watches
 * a kind only while the API server serves it, and looks again for the missing ones from time to
 * time, so a cluster without JobSet or KubeRay simply has none of those jobs.
 */
public enum JobKind {
  Job("batch", "v1", "jobs", "/spec/suspend", JobKind::jobFinished),
  JobSet(
      "jobset.x-k8s.io",
      "v1alpha2",
      "jobsets",
      "/spec/suspend",
      conditionTrue("Completed", "Failed")),
  PyTorchJob(
      "kubeflow.org", "v1", "pytorchjobs", JobKind.RUN_POLICY_SUSPEND, JobKind.kubeflowFinished()),
  TFJob("kubeflow.org", "v1", "tfjobs", JobKind.RUN_POLICY_SUSPEND, JobKind.kubeflowFinished()),
  MPIJob("kubeflow.org", "v1", "mpijobs", JobKind.RUN_POLICY_SUSPEND, JobKind.kubeflowFinished()),
  XGBoostJob(
      "kubeflow.org", "v1", "xgboostjobs", JobKind.RUN_POLICY_SUSPEND, JobKind.kubeflowFinished()),
  PaddleJob(
      "kubeflow.org", "v1", "paddlejobs", JobKind.RUN_POLICY_SUSPEND, JobKind.kubeflowFinished()),
  MXJob("kubeflow.org", "v1", "mxjobs", JobKind.RUN_POLICY_SUSPEND, JobKind.kubeflowFinished()),
  RayJob("ray.io", "v1", "rayjobs", "/spec/suspend", JobKind::rayJobFinished);

  /** Kubeflow's training operator keeps its run policy, suspend included, under spec.runPolicy. */
  private static final String RUN_POLICY_SUSPEND = "/spec/runPolicy/suspend";

  /** Kueue manages the suspend field of jobs carrying this label: Costguard leaves them alone. */
  public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

  private final String group;
  private final String version;
  private final String plural;
  private final String suspendPointer;
  private final Predicate<JsonNode> finished;

  JobKind(
      String group,
      String version,
      String plural,
      String suspendPointer,
      Predicate<JsonNode> finished) {
    this.group = group;
    this.version = version;
    this.plural = plural;
    this.suspendPointer = suspendPointer;
    this.finished = finished;
  }

  public String apiVersion() {
    return group + "/" + version;
  }

  public String group() {
    return group;
  }

  public String plural() {
    return plural;
  }

  /** JSON pointer of the field that holds the job's pods back while true. */
  public String suspendPointer() {
    return suspendPointer;
  }

  /** Whether the kind is served by every API server (only Job); the others are custom resources. */
  public boolean builtIn() {
    return this == Job;
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(name())
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  /** The custom resource kinds, watched only where installed. */
  public static List<JobKind> custom() {
    return Arrays.stream(values()).filter(k -> !k.builtIn()).toList();
  }

  public static Optional<JobKind> of(String kind) {
    return Arrays.stream(values()).filter(k -> k.name().equals(kind)).findFirst();
  }

  public static Optional<JobKind> of(HasMetadata object) {
    return of(object.getKind());
  }

  /** Whether the job's suspend field is true. */
  public boolean suspended(JsonNode job) {
    return job.at(suspendPointer).asBoolean(false);
  }

  /** Whether the job has finished: completed, failed or stopped for good. */
  public boolean finished(JsonNode job) {
    return finished.test(job);
  }

  public boolean finished(HasMetadata job) {
    return finished(Serialization.jsonMapper().<JsonNode>valueToTree(job));
  }

  /**
   * Pods of one shape a job runs at once: {@code count} pods of {@code template}.
   *
   * @param role where in the job: {@code Worker}, {@code head}, a replicated job's name
   */
  public record PodGroup(String role, long count, PodTemplateSpec template) {}

  /**
   * The pods the job runs at most at once, by template: a Job's {@code parallelism} (at most its
   * {@code completions}); a JobSet's replicated jobs, each {@code replicas} Jobs; a Kubeflow job's
   * replica specs; a RayJob's head and worker groups (the autoscaler's {@code maxReplicas} when it
   * is on, times {@code numOfHosts}). Empty for a RayJob that runs on an existing cluster.
   */
  public List<PodGroup> podGroups(JsonNode job) {
    List<PodGroup> groups = new ArrayList<>();
    JsonNode spec = job.path("spec");
    switch (this) {
      case Job -> groups.add(new PodGroup("Job", jobPods(spec), template(spec.path("template"))));
      case JobSet -> {
        for (JsonNode replicated : spec.path("replicatedJobs")) {
          JsonNode jobSpec = replicated.path("template").path("spec");
          groups.add(
              new PodGroup(
                  replicated.path("name").asText(),
                  count(replicated.path("replicas"), 1) * jobPods(jobSpec),
                  template(jobSpec.path("template"))));
        }
      }
      case RayJob -> {
        JsonNode cluster = spec.path("rayClusterSpec");
        if (cluster.isObject()) {
          groups.add(
              new PodGroup("head", 1, template(cluster.path("headGroupSpec").path("template"))));
          boolean autoscaled = cluster.path("enableInTreeAutoscaling").asBoolean(false);
          for (JsonNode group : cluster.path("workerGroupSpecs")) {
            long replicas =
                Math.max(count(group.path("replicas"), 1), count(group.path("minReplicas"), 0));
            if (autoscaled) {
              replicas = Math.max(replicas, count(group.path("maxReplicas"), replicas));
            }
            groups.add(
                new PodGroup(
                    group.path("groupName").asText("worker"),
                    replicas * count(group.path("numOfHosts"), 1),
                    template(group.path("template"))));
          }
        }
      }
      default -> // Kubeflow: spec.<framework>ReplicaSpecs, e.g. pytorchReplicaSpecs.Worker
          spec.fields()
              .forEachRemaining(
                  field -> {
                    if (field.getKey().endsWith("ReplicaSpecs") && field.getValue().isObject()) {
                      field
                          .getValue()
                          .fields()
                          .forEachRemaining(
                              replica ->
                                  groups.add(
                                      new PodGroup(
                                          replica.getKey(),
                                          count(replica.getValue().path("replicas"), 1),
                                          template(replica.getValue().path("template")))));
                    }
                  });
    }
    return groups;
  }

  /**
   * The longest the job may run, as its kind declares it and the Kubernetes or the kind's
   * controller enforces it: {@code activeDeadlineSeconds} of a Job or RayJob, {@code
   * runPolicy.activeDeadlineSeconds} of a Kubeflow job; for a JobSet, the longest deadline of its
   * replicated jobs (each must have one) times the attempts its {@code failurePolicy.maxRestarts}
   * allows. Empty when the job declares no bound.
   */
  public Optional<Duration> declaredDeadline(JsonNode job) {
    JsonNode spec = job.path("spec");
    return switch (this) {
      case Job, RayJob -> seconds(spec.path("activeDeadlineSeconds"));
      case JobSet -> {
        long longest = 0;
        JsonNode replicated = spec.path("replicatedJobs");
        if (!replicated.isArray() || replicated.isEmpty()) {
          yield Optional.empty();
        }
        for (JsonNode r : replicated) {
          Optional<Duration> each =
              seconds(r.path("template").path("spec").path("activeDeadlineSeconds"));
          if (each.isEmpty()) {
            yield Optional.empty();
          }
          longest = Math.max(longest, each.get().toSeconds());
        }
        long attempts = count(spec.path("failurePolicy").path("maxRestarts"), 0) + 1;
        yield Optional.of(Duration.ofSeconds(longest).multipliedBy(attempts));
      }
      default -> seconds(spec.path("runPolicy").path("activeDeadlineSeconds"));
    };
  }

  /** A Job runs {@code parallelism} pods at once (default 1), never more than its completions. */
  private static long jobPods(JsonNode jobSpec) {
    long parallelism = count(jobSpec.path("parallelism"), 1);
    JsonNode completions = jobSpec.path("completions");
    return completions.canConvertToLong() && completions.asLong() >= 0
        ? Math.min(parallelism, completions.asLong())
        : parallelism;
  }

  private static long count(JsonNode value, long absent) {
    return value.canConvertToLong() && value.isIntegralNumber() && value.asLong() >= 0
        ? value.asLong()
        : absent;
  }

  private static Optional<Duration> seconds(JsonNode value) {
    return value.isIntegralNumber() && value.asLong() > 0
        ? Optional.of(Duration.ofSeconds(value.asLong()))
        : Optional.empty();
  }

  private static PodTemplateSpec template(JsonNode template) {
    if (!template.isObject()) {
      return new PodTemplateSpec();
    }
    return Serialization.jsonMapper().convertValue(template, PodTemplateSpec.class);
  }

  /** Whether Kueue manages the job's suspend field. */
  public static boolean managedByKueue(HasMetadata job) {
    return job.getMetadata().getLabels() != null
        && job.getMetadata().getLabels().containsKey(KUEUE_QUEUE_LABEL);
  }

  private static boolean jobFinished(JsonNode job) {
    return !job.at("/status/completionTime").isMissingNode()
            && !job.at("/status/completionTime").isNull()
        || conditionTrue("Complete", "Failed").test(job);
  }

  /** Kubeflow's JobStatus conditions: Succeeded or Failed true. */
  private static Predicate<JsonNode> kubeflowFinished() {
    return conditionTrue("Succeeded", "Failed");
  }

  /** KubeRay: jobDeploymentStatus Complete or Failed (a finished job's cluster may linger). */
  private static boolean rayJobFinished(JsonNode job) {
    String status = job.at("/status/jobDeploymentStatus").asText("");
    return status.equals("Complete") || status.equals("Failed");
  }

  private static Predicate<JsonNode> conditionTrue(String... types) {
    List<String> wanted = List.of(types);
    return job -> {
      JsonNode conditions = job.at("/status/conditions");
      return conditions.isArray()
          && StreamSupport.stream(conditions.spliterator(), false)
              .anyMatch(
                  c ->
                      wanted.contains(c.path("type").asText())
                          && "True".equals(c.path("status").asText()));
    };
  }
}
