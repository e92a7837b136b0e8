package dev.costguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.costguard.kube.JobKind;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A job's estimate: pods at once x price per pod-hour x maximum run time. Priced here at 1 per CPU
 * core-hour of the pod's first container's request, so the figures can be checked by hand.
 */
class JobCostEstimateTest {
  static Stream<Arguments> estimates() {
    return Stream.of(
        Arguments.of(
            "a Job: parallelism x requests x activeDeadlineSeconds",
            JobKind.Job,
            null,
            "{spec: {parallelism: 2, activeDeadlineSeconds: 7200, template: " + pod(4) + "}}",
            "2 pods, 8.000000/h for PT2H = 16.000000"),
        Arguments.of(
            "the enforced deadline wins over the annotation",
            JobKind.Job,
            "10h",
            "{spec: {activeDeadlineSeconds: 3600, template: " + pod(4) + "}}",
            "1 pods, 4.000000/h for PT1H = 4.000000"),
        Arguments.of(
            "a PyTorchJob: every replica spec, runPolicy's deadline",
            JobKind.PyTorchJob,
            null,
            "{spec: {runPolicy: {activeDeadlineSeconds: 1800}, pytorchReplicaSpecs: {Master: {replicas: 1, template: "
                + pod(2)
                + "}, Worker: {replicas: 3, template: "
                + pod(4)
                + "}}}}",
            "4 pods, 14.000000/h for PT30M = 7.000000"),
        Arguments.of(
            "a RayJob without a deadline, bounded by the annotation",
            JobKind.RayJob,
            "1h30m",
            "{spec: {rayClusterSpec: {headGroupSpec: {template: "
                + pod(1)
                + "}, workerGroupSpecs: [{groupName: w, replicas: 2, template: "
                + pod(2)
                + "}]}}}",
            "3 pods, 5.000000/h for PT1H30M = 7.500000"),
        Arguments.of(
            "a JobSet: each attempt bounded by its jobs' deadlines, times the attempts",
            JobKind.JobSet,
            null,
            "{spec: {failurePolicy: {maxRestarts: 1}, replicatedJobs: [{name: w, replicas: 2, template: {spec: {parallelism: 2, activeDeadlineSeconds: 600, template: "
                + pod(1)
                + "}}}]}}",
            "4 pods, 4.000000/h for PT20M = 1.333333"),
        Arguments.of(
            "no declared bound: refused",
            JobKind.Job,
            null,
            "{spec: {template: " + pod(1) + "}}",
            "NoRunTimeBound"),
        Arguments.of(
            "an annotation that is not a duration: refused",
            JobKind.Job,
            "soon",
            "{spec: {template: " + pod(1) + "}}",
            "InvalidMaxRunTime"),
        Arguments.of(
            "a RayJob on an existing cluster: nothing of its own to price",
            JobKind.RayJob,
            "1h",
            "{spec: {clusterSelector: {ray.io/cluster: shared}}}",
            "NothingToPrice"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("estimates")
  void estimate(String scenario, JobKind kind, String annotation, String yaml, String expected)
      throws Exception {
    JsonNode job = new YAMLMapper().readTree(yaml);
    JobCostEstimate.Result result =
        JobCostEstimate.of(
            kind,
            job,
            Optional.ofNullable(annotation),
            spec ->
                Quantity.getAmountInBytes(
                        spec.getContainers().get(0).getResources().getRequests().get("cpu"))
                    .setScale(6));
    String shown =
        result instanceof JobCostEstimate.Priced p
            ? p.pods()
                + " pods, "
                + p.perHour().setScale(6).toPlainString()
                + "/h for "
                + p.maxRunTime()
                + " = "
                + p.total().toPlainString()
            : ((JobCostEstimate.Unpriced) result).reason();
    assertThat(shown).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("durations")
  void maxRunTimeAnnotation(String text, String parsed) {
    assertThat(JobCostEstimate.parseDuration(text).map(Object::toString).orElse("invalid"))
        .isEqualTo(parsed);
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("4h", "PT4H"),
        Arguments.of("90m", "PT1H30M"),
        Arguments.of("1h30m", "PT1H30M"),
        Arguments.of("45s", "PT45S"),
        Arguments.of("0h", "invalid"),
        Arguments.of("", "invalid"),
        Arguments.of("4 hours", "invalid"),
        Arguments.of("-1h", "invalid"),
        Arguments.of("1d", "invalid"));
  }

  private static String pod(int cpu) {
    return "{spec: {containers: [{name: c, resources: {requests: {cpu: \"" + cpu + "\"}}}]}}";
  }
}
