package dev.costguard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityTypeTest {
  private static final Map<String, String> CUSTOM_SPOT =
      Map.of("node.example.com/lifecycle", "spot", "node.example.com/pool", "batch");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          Karpenter spot node                  | karpenter.sh/capacity-type=spot                     | Spot
          Karpenter on-demand node             | karpenter.sh/capacity-type=on-demand                | OnDemand
          Karpenter reserved node              | karpenter.sh/capacity-type=reserved                 | OnDemand
          EKS managed spot node group          | eks.amazonaws.com/capacityType=SPOT                 | Spot
          EKS managed on-demand node group     | eks.amazonaws.com/capacityType=ON_DEMAND            | OnDemand
          GKE spot VM                          | cloud.google.com/gke-spot=true                      | Spot
          GKE preemptible VM                   | cloud.google.com/gke-preemptible=true               | Spot
          AKS spot scale set                   | kubernetes.azure.com/scalesetpriority=spot          | Spot
          AKS regular scale set                | kubernetes.azure.com/scalesetpriority=regular       | OnDemand
          custom spot labels, all present      | node.example.com/lifecycle=spot;node.example.com/pool=batch | Spot
          custom spot labels, one missing      | node.example.com/lifecycle=spot                     | OnDemand
          node without capacity labels         | none                                                | OnDemand
          """)
  void capacityTypeComesFromNodeLabels(String scenario, String labels, CapacityType want) {
    assertThat(CapacityType.of(KeyValues.parse(labels), CUSTOM_SPOT)).isEqualTo(want);
  }
}
