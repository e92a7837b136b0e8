package dev.costguard.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.SpotPlacementSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpotPlacementTest {
  private static final String BASE = "/spec/template/spec";
  /** A Karpenter spot node (no taint), a tainted GKE spot node, an on-demand node. */
  private static final List<Node> NODES =
      List.of(
          node("{\"name\":\"k\",\"labels\":{\"karpenter.sh/capacity-type\":\"spot\"}}", "[]"),
          node("{\"name\":\"g\",\"labels\":{\"cloud.google.com/gke-spot\":\"true\"}}",
              "[{\"key\":\"cloud.google.com/gke-spot\",\"value\":\"true\",\"effect\":\"NoSchedule\"}]"),
          node("{\"name\":\"o\",\"labels\":{\"karpenter.sh/capacity-type\":\"on-demand\",\"pool\":\"cheap\"}}",
              "[{\"key\":\"cheap\",\"effect\":\"NoExecute\"}]"));

  private static final String KARPENTER_TERM =
      "{\"weight\":100,\"preference\":{\"matchExpressions\":[{\"key\":\"karpenter.sh/capacity-type\",\"operator\":\"In\",\"values\":[\"spot\"]}]}}";
  private static final String GKE_TERM =
      "{\"weight\":100,\"preference\":{\"matchExpressions\":[{\"key\":\"cloud.google.com/gke-spot\",\"operator\":\"In\",\"values\":[\"true\"]}]}}";
  private static final String GKE_TOLERATION =
      "{\"effect\":\"NoSchedule\",\"key\":\"cloud.google.com/gke-spot\",\"operator\":\"Equal\",\"value\":\"true\"}";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          Auto, no affinity: the whole affinity and the taints' tolerations | none | {} | /affinity={"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[GKE,KARPENTER]}};/tolerations=[GKE_TOL]
          pod anti-affinity kept: nodeAffinity added beside it | none | {"affinity":{"podAntiAffinity":{}}} | /affinity/nodeAffinity={"preferredDuringSchedulingIgnoredDuringExecution":[GKE,KARPENTER]};/tolerations=[GKE_TOL]
          required node affinity kept: preferences added beside it | none | {"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[]}}}} | /affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution=[GKE,KARPENTER];/tolerations=[GKE_TOL]
          existing tolerations kept, ours appended | none | {"tolerations":[{"key":"gpu","operator":"Exists"}]} | /affinity={"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[GKE,KARPENTER]}};/tolerations=[{"key":"gpu","operator":"Exists"},GKE_TOL]
          already on spot: nothing to change | none | {"affinity":{"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[GKE,KARPENTER]}},"tolerations":[GKE_TOL]} | none
          a named provider: only its label | {"provider":"Karpenter"} | {} | /affinity={"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[KARPENTER]}}
          Custom: its labels and taint key | {"provider":"Custom","nodeLabels":{"pool":"cheap"},"taintKey":"cheap"} | {} | /affinity={"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":100,"preference":{"matchExpressions":[{"key":"pool","operator":"In","values":["cheap"]}]}}]}};/tolerations=[{"key":"cheap","operator":"Exists"}]
          """)
  void changesThatMakeAPodSpecPreferSpot(String scenario, String spec, String podSpec, String want) {
    SpotPlacementSpec placement = spec == null ? null : Serialization.unmarshal(spec, SpotPlacementSpec.class);
    Map<String, JsonNode> changes =
        SpotPlacement.changes(json(substituted(podSpec)), BASE, SpotPlacement.inCluster(placement, NODES));
    assertThat(new TreeMap<>(changes)).isEqualTo(expected(want));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Auto without spot nodes finds nowhere to go | {"labels":{"karpenter.sh/capacity-type":"on-demand"}}
          """)
  void withoutSpotNodesNothingChanges(String scenario, String metadata) {
    var spot = SpotPlacement.inCluster(null, List.of(node(metadata.replace("{", "{\"name\":\"n\","), "[]")));
    assertThat(spot).isEmpty();
    assertThat(SpotPlacement.changes(json("{}"), BASE, spot)).isEmpty();
  }

  private static Map<String, JsonNode> expected(String want) {
    Map<String, JsonNode> changes = new TreeMap<>();
    if (want == null) {
      return changes;
    }
    for (String change : want.split(";")) {
      String[] pointerValue = change.split("=", 2);
      changes.put(BASE + pointerValue[0], json(substituted(pointerValue[1])));
    }
    return changes;
  }

  private static String substituted(String json) {
    return json.replace("GKE_TOL", GKE_TOLERATION).replace("GKE", GKE_TERM).replace("KARPENTER", KARPENTER_TERM);
  }

  private static Node node(String metadata, String taints) {
    return Serialization.unmarshal(
        "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":" + metadata + ",\"spec\":{\"taints\":" + taints + "}}", Node.class);
  }

  private static JsonNode json(String text) {
    return Serialization.unmarshal(text, JsonNode.class);
  }
}
