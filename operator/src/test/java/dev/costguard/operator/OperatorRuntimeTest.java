package dev.costguard.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.kube.Conditions;
import dev.costguard.sandbox.FleetSeed;
import dev.costguard.sandbox.Manifests;
import dev.costguard.sandbox.Sandbox;
import dev.costguard.testing.OperatorHarness;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OperatorRuntimeTest {
  private static OperatorHarness harness;

  @BeforeAll
  static void startOperatorWithExamples() {
    // As in the sandbox: the example GPU policy's Prometheus is on the allow-list (and not
    // running).
    harness =
        OperatorHarness.start(
            OperatorHarness.testConfig()
                .withPrometheusAllowedUrls(List.of(Sandbox.prometheusUrl(19090))),
            OperatorHarness.DEFAULT_START);
    // The sandbox's fleet, so that the example policies have their workloads and nodes to act on.
    Manifests.apply(harness.client(), FleetSeed.objects());
    RepoPaths.exampleFiles().forEach(harness::apply);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void everyExampleBecomesReadyForItsGeneration() {
    for (Class<? extends CustomResource<?, ?>> kind :
        List.of(
            PriceCatalog.class,
            WorkloadBudget.class,
            ScalingPolicy.class,
            ShutdownSchedule.class)) {
      harness.awaitValue(
          () -> harness.client().resources(kind).inAnyNamespace().list().getItems(),
          items ->
              !items.isEmpty() && items.stream().allMatch(OperatorRuntimeTest::readyForGeneration));
    }
  }

  @Test
  void metricsEndpointServesOperatorAndJvmFamilies() throws Exception {
    String metrics =
        harness.awaitValue(() -> harness.metrics(), body -> body.contains("operator_sdk_"));
    assertThat(metrics).contains("jvm_memory_used_bytes").contains("operator_sdk_");
  }

  @Test
  void probesAnswerOnceInformersHaveSynced() throws Exception {
    assertThat(harness.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(harness.awaitValue(() -> harness.get("/readyz").statusCode(), code -> code == 200))
        .isEqualTo(200);
  }

  @Test
  void aSettledOperatorWritesNothing() throws Exception {
    everyExampleBecomesReadyForItsGeneration();
    // Settling takes a few rounds: a budget writes its standing, then the scaling policy that
    // reads it scales once. After that, reconciles find nothing new to write.
    harness.awaitValue(OperatorRuntimeTest::writesInTwoResyncs, List::isEmpty);
    assertThat(writesInTwoResyncs()).isEmpty();
  }

  /** What the operator writes while every resource is reconciled twice. */
  private static List<String> writesInTwoResyncs() {
    int before = harness.requests().size();
    try {
      Thread.sleep(2500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<dev.costguard.sandbox.ApiRequest> all = harness.requests();
    return all.subList(before, all.size()).stream()
        .filter(dev.costguard.sandbox.ApiRequest::isWrite)
        .map(Object::toString)
        .toList();
  }

  private static boolean readyForGeneration(CustomResource<?, ?> resource) {
    if (!(resource.getStatus() instanceof dev.costguard.api.v1alpha1.CostguardStatus status)) {
      return false;
    }
    Optional<Condition> ready = Conditions.find(status.conditions, Conditions.READY);
    return ready.isPresent()
        && Conditions.TRUE.equals(ready.get().getStatus())
        && resource.getMetadata().getGeneration().equals(status.observedGeneration);
  }
}
