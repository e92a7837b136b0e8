package dev.costguard.cost;

import static dev.costguard.cost.KeyValues.quantities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodRequestsTest {
  private static final long GI = 1L << 30;
  private static final long MI = 1L << 20;

  static Stream<Arguments> pods() {
    return Stream.of(
        arguments(
            "two app containers add up",
            pod().withContainers(app("500m", "1Gi"), app("250m", "512Mi")).build(),
            new PodRequests(750, GI + 512 * MI, 0, 0)),
        arguments(
            "a pod without requests holds nothing",
            pod().withContainers(app()).build(),
            PodRequests.NONE),
        arguments(
            "decimal and binary memory units",
            pod().withContainers(app("1", "1G"), app("0.1", "1Ki")).build(),
            new PodRequests(1100, 1_000_000_000L + 1024, 0, 0)),
        arguments(
            "sub-millicore CPU rounds up to a millicore",
            pod().withContainers(app("100u", "1")).build(),
            new PodRequests(1, 1, 0, 0)),
        arguments(
            "a limit stands in for a missing request",
            pod()
                .withContainers(container(Map.of("cpu", "2"), Map.of("cpu", "4", "memory", "2Gi")))
                .build(),
            new PodRequests(2000, 2 * GI, 0, 0)),
        arguments(
            "a larger init container sets the request",
            pod()
                .withContainers(app("500m", "256Mi"))
                .withInitContainers(app("2", "128Mi"))
                .build(),
            new PodRequests(2000, 256 * MI, 0, 0)),
        arguments(
            "init containers run one after another: the largest counts, not the sum",
            pod()
                .withContainers(app("100m", "64Mi"))
                .withInitContainers(app("1", "1Gi"), app("1", "1Gi"))
                .build(),
            new PodRequests(1000, GI, 0, 0)),
        arguments(
            "a sidecar adds to the app containers",
            pod()
                .withContainers(app("1", "1Gi"))
                .withInitContainers(sidecar("200m", "128Mi"))
                .build(),
            new PodRequests(1200, GI + 128 * MI, 0, 0)),
        arguments(
            "an init container after a sidecar runs alongside it",
            pod()
                .withContainers(app("100m", "64Mi"))
                .withInitContainers(sidecar("500m", "512Mi"), app("1", "1Gi"))
                .build(),
            new PodRequests(1500, GI + 512 * MI, 0, 0)),
        arguments(
            "an init container before a sidecar runs without it",
            pod()
                .withContainers(app("100m", "64Mi"))
                .withInitContainers(app("1", "1Gi"), sidecar("500m", "512Mi"))
                .build(),
            new PodRequests(1000, GI, 0, 0)),
        arguments(
            "pod overhead is added (Kata, gVisor runtime classes)",
            pod()
                .withContainers(app("1", "1Gi"))
                .withOverhead(quantities(Map.of("cpu", "250m", "memory", "160Mi")))
                .build(),
            new PodRequests(1250, GI + 160 * MI, 0, 0)),
        arguments(
            "pod-level resources replace the containers' CPU and memory",
            pod()
                .withContainers(app("1", "1Gi"), app("1", "1Gi"))
                .withResources(
                    new ResourceRequirementsBuilder()
                        .withRequests(quantities(Map.of("cpu", "1500m", "memory", "3Gi")))
                        .build())
                .build(),
            new PodRequests(1500, 3 * GI, 0, 0)),
        arguments(
            "NVIDIA GPUs from the limit",
            pod().withContainers(container(Map.of(), Map.of("nvidia.com/gpu", "2"))).build(),
            new PodRequests(0, 0, 2, 0)),
        arguments(
            "AMD and NVIDIA GPUs count alike",
            pod()
                .withContainers(
                    container(Map.of("amd.com/gpu", "1"), Map.of()),
                    container(Map.of("nvidia.com/gpu", "1"), Map.of()))
                .build(),
            new PodRequests(0, 0, 2, 0)),
        arguments(
            "a 1g MIG slice is one of seven",
            pod()
                .withContainers(container(Map.of("nvidia.com/mig-1g.10gb", "1"), Map.of()))
                .build(),
            new PodRequests(0, 0, 0, 1)),
        arguments(
            "two 3g MIG slices are six of seven",
            pod()
                .withContainers(container(Map.of("nvidia.com/mig-3g.40gb", "2"), Map.of()))
                .build(),
            new PodRequests(0, 0, 0, 6)),
        arguments(
            "MIG profiles with media engines and compute instances",
            pod()
                .withContainers(
                    container(Map.of("nvidia.com/mig-1g.10gb+me", "1"), Map.of()),
                    container(Map.of("nvidia.com/mig-2c.4g.40gb", "1"), Map.of()))
                .build(),
            new PodRequests(0, 0, 0, 3)),
        arguments(
            "other extended resources are not priced",
            pod()
                .withContainers(container(Map.of("example.com/fpga", "1", "cpu", "1"), Map.of()))
                .build(),
            new PodRequests(1000, 0, 0, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void effectiveRequestsFollowTheSchedulerRule(String scenario, PodSpec spec, PodRequests want) {
    assertThat(PodRequests.of(spec)).isEqualTo(want);
  }

  private static PodSpecBuilder pod() {
    return new PodSpecBuilder();
  }

  private static Container app() {
    return new ContainerBuilder().withName("app").build();
  }

  private static Container app(String cpu, String memory) {
    return container(Map.of("cpu", cpu, "memory", memory), Map.of());
  }

  private static Container sidecar(String cpu, String memory) {
    Container sidecar = app(cpu, memory);
    sidecar.setRestartPolicy("Always");
    return sidecar;
  }

  private static Container container(Map<String, String> requests, Map<String, String> limits) {
    return new ContainerBuilder()
        .withName("c")
        .withResources(
            new ResourceRequirementsBuilder()
                .withRequests(quantities(requests))
                .withLimits(quantities(limits))
                .build())
        .build();
  }
}
