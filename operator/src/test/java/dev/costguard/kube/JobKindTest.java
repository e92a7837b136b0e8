package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each job kind runs at once, how long it may run, and when it is finished. */
class JobKindTest {
  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of(
            "a Job runs its parallelism, at most its completions",
            JobKind.Job,
            "{spec: {parallelism: 4, completions: 3, activeDeadlineSeconds: 3600, template: {}}}",
            "Job x3",
            "PT1H",
            false),
        Arguments.of(
            "a Job without a deadline declares no bound",
            JobKind.Job,
            "{spec: {template: {}}}",
            "Job x1",
            "none",
            false),
        Arguments.of(
            "a completed Job is finished",
            JobKind.Job,
            "{spec: {template: {}}, status: {conditions: [{type: Complete, status: 'True'}]}}",
            "Job x1",
            "none",
            true),
        Arguments.of(
            "a JobSet: replicas x parallelism per replicated job; the longest deadline x attempts",
            JobKind.JobSet,
            """
            {spec: {failurePolicy: {maxRestarts: 2}, replicatedJobs: [
              {name: driver, template: {spec: {activeDeadlineSeconds: 600, template: {}}}},
              {name: workers, replicas: 3, template: {spec: {parallelism: 2, activeDeadlineSeconds: 1200, template: {}}}}]}}""",
            "driver x1, workers x6",
            "PT1H",
            false),
        Arguments.of(
            "a JobSet with one replicated job without deadline declares no bound",
            JobKind.JobSet,
            """
            {spec: {replicatedJobs: [
              {name: a, template: {spec: {activeDeadlineSeconds: 600, template: {}}}},
              {name: b, template: {spec: {template: {}}}}]}}""",
            "a x1, b x1",
            "none",
            false),
        Arguments.of(
            "a failed JobSet is finished",
            JobKind.JobSet,
            "{spec: {replicatedJobs: []}, status: {conditions: [{type: Failed, status: 'True'}]}}",
            "",
            "none",
            true),
        Arguments.of(
            "a PyTorchJob: each replica spec; runPolicy's deadline",
            JobKind.PyTorchJob,
            """
            {spec: {runPolicy: {activeDeadlineSeconds: 7200},
              pytorchReplicaSpecs: {Master: {replicas: 1, template: {}}, Worker: {replicas: 4, template: {}}}}}""",
            "Master x1, Worker x4",
            "PT2H",
            false),
        Arguments.of(
            "a TFJob reads tfReplicaSpecs the same way",
            JobKind.TFJob,
            "{spec: {tfReplicaSpecs: {PS: {template: {}}, Worker: {replicas: 2, template: {}}}}}",
            "PS x1, Worker x2",
            "none",
            false),
        Arguments.of(
            "a succeeded PyTorchJob is finished",
            JobKind.PyTorchJob,
            "{spec: {}, status: {conditions: [{type: Succeeded, status: 'True'}]}}",
            "",
            "none",
            true),
        Arguments.of(
            "a RayJob: the head and each worker group, autoscaled to maxReplicas, times hosts",
            JobKind.RayJob,
            """
            {spec: {activeDeadlineSeconds: 1800, rayClusterSpec: {enableInTreeAutoscaling: true,
              headGroupSpec: {template: {}},
              workerGroupSpecs: [{groupName: gpu, replicas: 1, minReplicas: 1, maxReplicas: 4, numOfHosts: 2, template: {}}]}}}""",
            "head x1, gpu x8",
            "PT30M",
            false),
        Arguments.of(
            "a RayJob on an existing cluster runs no pods of its own",
            JobKind.RayJob,
            "{spec: {clusterSelector: {ray.io/cluster: shared}}}",
            "",
            "none",
            false),
        Arguments.of(
            "a complete RayJob is finished",
            JobKind.RayJob,
            "{spec: {}, status: {jobDeploymentStatus: Complete}}",
            "",
            "none",
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void podsDeadlineAndFinished(
      String scenario, JobKind kind, String yaml, String pods, String deadline, boolean finished)
      throws Exception {
    JsonNode job = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(yaml);
    assertThat(
            kind.podGroups(job).stream()
                .map(g -> g.role() + " x" + g.count())
                .collect(Collectors.joining(", ")))
        .isEqualTo(pods);
    assertThat(kind.declaredDeadline(job).map(Duration::toString).orElse("none"))
        .isEqualTo(deadline);
    assertThat(kind.finished(job)).isEqualTo(finished);
  }
}
