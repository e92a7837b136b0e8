package dev.costguard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ScalingPolicy;
import dev.costguard.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples as the sandbox applies them. */
class SandboxExamplesTest {

  @Test
  void theGpuExampleFollowsThePrometheusPortTheSandboxRunsOn() {
    List<HasMetadata> examples;
    try (var client = new KubernetesClientBuilder().build()) {
      examples =
          Sandbox.withPrometheusAt(
              Manifests.read(client, RepoPaths.examples()), Sandbox.prometheusUrl(29090));
    }

    List<String> addresses =
        examples.stream()
            .filter(o -> o.getKind().equals("ScalingPolicy"))
            .map(o -> Serialization.jsonMapper().convertValue(o, ScalingPolicy.class))
            .flatMap(p -> p.getSpec().triggers.stream())
            .filter(t -> t.serverAddress != null)
            .map(t -> t.serverAddress)
            .toList();
    assertThat(addresses).isNotEmpty().containsOnly("http://127.0.0.1:29090");
  }
}
