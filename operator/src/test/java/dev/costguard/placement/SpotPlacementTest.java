package dev.costguard.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.SpotPlacementSpec;
import dev.costguard.api.v1alpha1.SpotPlacementSpec.SpotMode;
import dev.costguard.api.v1alpha1.SpotPlacementSpec.SpotProvider;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpotPlacementTest {
  static PodSpec spec(String yaml) {
    return Serialization.unmarshal(yaml, PodSpec.class);
  }

  static final PodSpec PLAIN =
      spec(
          """
      containers: [{name: app, image: app}]
      nodeSelector: {nvidia.com/gpu.product: NVIDIA-L4}
      """);

  static SpotCapacity capacity(SpotProvider provider) {
    SpotPlacementSpec spot = new SpotPlacementSpec();
    spot.provider = provider;
    spot.nodeLabels = Map.of("pool", "cheap");
    spot.taintKey = "cheap-only";
    return SpotCapacity.of(spot).orElseThrow();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Karpenter | Preferred | {\"nodeAffinity\":{\"preferredDuringSchedulingIgnoredDuringExecution\":[{\"preference\":{\"matchExpressions\":[{\"key\":\"karpenter.sh/capacity-type\",\"operator\":\"In\",\"values\":[\"spot\"]}]},\"weight\":100}]}} | null | {\"nvidia.com/gpu.product\":\"NVIDIA-L4\"}",
        "Karpenter | Required  | null | null | {\"nvidia.com/gpu.product\":\"NVIDIA-L4\",\"karpenter.sh/capacity-type\":\"spot\"}",
        "EKS       | Required  | null | null | {\"nvidia.com/gpu.product\":\"NVIDIA-L4\",\"eks.amazonaws.com/capacityType\":\"SPOT\"}",
        "GKE       | Preferred | {\"nodeAffinity\":{\"preferredDuringSchedulingIgnoredDuringExecution\":[{\"preference\":{\"matchExpressions\":[{\"key\":\"cloud.google.com/gke-spot\",\"operator\":\"In\",\"values\":[\"true\"]}]},\"weight\":100}]}} | [{\"effect\":\"NoSchedule\",\"key\":\"cloud.google.com/gke-spot\",\"operator\":\"Equal\",\"value\":\"true\"}] | {\"nvidia.com/gpu.product\":\"NVIDIA-L4\"}",
        "AKS       | Required  | null | [{\"effect\":\"NoSchedule\",\"key\":\"kubernetes.azure.com/scalesetpriority\",\"operator\":\"Equal\",\"value\":\"spot\"}] | {\"nvidia.com/gpu.product\":\"NVIDIA-L4\",\"kubernetes.azure.com/scalesetpriority\":\"spot\"}",
        "Custom    | Required  | null | [{\"key\":\"cheap-only\",\"operator\":\"Exists\"}] | {\"nvidia.com/gpu.product\":\"NVIDIA-L4\",\"pool\":\"cheap\"}",
      })
  void providerAndModeSetTheSchedulingFields(
      SpotProvider provider,
      SpotMode mode,
      String affinity,
      String tolerations,
      String nodeSelector) {
    Map<String, JsonNode> fields = SpotPlacement.place(PLAIN, capacity(provider), mode);
    assertThat(fields.get(SpotPlacement.AFFINITY)).hasToString(affinity);
    assertThat(fields.get(SpotPlacement.TOLERATIONS)).hasToString(tolerations);
    assertThat(
            Serialization.jsonMapper()
                .convertValue(fields.get(SpotPlacement.NODE_SELECTOR), Map.class))
        .isEqualTo(Serialization.unmarshal(nodeSelector, Map.class));
  }

  @Test
  void existingAffinityAndTolerationsAreKeptAndNotDuplicated() {
    PodSpec original =
        spec(
            """
        containers: [{name: app, image: app}]
        affinity:
          podAntiAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 10
                podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: chat}}}
        tolerations:
          - {key: cloud.google.com/gke-spot, operator: Exists}
        """);
    Map<String, JsonNode> fields =
        SpotPlacement.place(original, SpotCapacity.GKE, SpotMode.Preferred);
    assertThat(
            fields
                .get(SpotPlacement.AFFINITY)
                .at("/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight")
                .asInt())
        .isEqualTo(10);
    assertThat(
            fields
                .get(SpotPlacement.AFFINITY)
                .at("/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution"))
        .hasSize(1);
    assertThat(fields.get(SpotPlacement.TOLERATIONS)).hasSize(1);
    assertThat(fields.get(SpotPlacement.NODE_SELECTOR).isNull()).isTrue();
  }

  @Test
  void placingTwiceFromTheOriginalGivesTheSameFields() {
    assertThat(SpotPlacement.place(PLAIN, SpotCapacity.AKS, SpotMode.Preferred))
        .isEqualTo(SpotPlacement.place(PLAIN, SpotCapacity.AKS, SpotMode.Preferred));
  }

  static Node node(String name, Map<String, String> labels) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  static final List<Node> FLEET =
      List.of(
          node("karpenter-spot-1", Map.of("karpenter.sh/capacity-type", "spot")),
          node("karpenter-spot-2", Map.of("karpenter.sh/capacity-type", "spot")),
          node(
              "karpenter-od-1",
              Map.of(
                  "karpenter.sh/capacity-type",
                  "on-demand",
                  "nvidia.com/gpu.product",
                  "NVIDIA-L4")),
          node(
              "gke-spot-l4",
              Map.of("cloud.google.com/gke-spot", "true", "nvidia.com/gpu.product", "NVIDIA-L4")),
          node("aks-spot", Map.of("kubernetes.azure.com/scalesetpriority", "spot")));

  @ParameterizedTest(name = "Auto with node selector {0} picks {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}                                           | Karpenter",
        "{\"nvidia.com/gpu.product\":\"NVIDIA-L4\"}   | GKE",
        "{\"nvidia.com/gpu.product\":\"NVIDIA-H100\"} | none",
      })
  void autoPicksTheProviderWithMostSpotNodesThePodsFit(String nodeSelector, String expected) {
    @SuppressWarnings("unchecked")
    Map<String, String> selector = Serialization.unmarshal(nodeSelector, Map.class);
    Optional<SpotCapacity> detected = SpotCapacity.detect(FLEET, selector);
    assertThat(detected.map(c -> c.provider().name()).orElse("none")).isEqualTo(expected);
  }

  @Test
  void aCriticalWorkloadIsRecognisedByLabelOrAnnotation() {
    Deployment labelled =
        Serialization.unmarshal(
            "metadata: {name: a, labels: {costguard.dev/critical: \"true\"}}", Deployment.class);
    Deployment annotated =
        Serialization.unmarshal(
            "metadata: {name: b, annotations: {costguard.dev/critical: \"true\"}}",
            Deployment.class);
    Deployment plain = Serialization.unmarshal("metadata: {name: c}", Deployment.class);
    assertThat(SpotPlacement.isCritical(labelled)).isTrue();
    assertThat(SpotPlacement.isCritical(annotated)).isTrue();
    assertThat(SpotPlacement.isCritical(plain)).isFalse();
  }
}
