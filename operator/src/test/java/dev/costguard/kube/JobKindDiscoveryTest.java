package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.sandbox.MockCluster;
import dev.costguard.testing.ThirdPartyCrds;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Custom job kinds are watched only where the API server serves them, and found when installed. */
class JobKindDiscoveryTest {
  @Test
  void aKindInstalledAfterStartIsFoundAtTheNextLookAndItsJobsAreRead() {
    try (MockCluster cluster = MockCluster.start();
        ClusterView view = new ClusterView(cluster.client(), Set.of())) {
      view.start(Duration.ofSeconds(10));
      assertThat(view.jobKinds()).as("no CRD, no watch, no error").isEmpty();
      assertThat(view.customJobsIn("ml")).isEmpty();

      ThirdPartyCrds.install(cluster, ThirdPartyCrds.JOBSET);
      view.rediscover();
      assertThat(view.jobKinds()).as("not before the interval has passed").isEmpty();

      view.rediscoverNow();
      assertThat(view.jobKinds()).containsExactly(JobKind.JobSet);
      cluster
          .client()
          .resource(
              cluster
                  .client()
                  .getKubernetesSerialization()
                  .unmarshal(
                      """
                      apiVersion: jobset.x-k8s.io/v1alpha2
                      kind: JobSet
                      metadata: {name: pretrain, namespace: ml, labels: {costguard.dev/budget: b}}
                      spec: {suspend: true, replicatedJobs: []}
                      """,
                      io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
          .create();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> view.jobsForBudget("b").size() == 1);
      assertThat(view.customJobsIn("ml"))
          .singleElement()
          .satisfies(
              j -> {
                assertThat(j.getKind()).isEqualTo("JobSet");
                assertThat(j.getApiVersion()).isEqualTo("jobset.x-k8s.io/v1alpha2");
              });
    }
  }
}
