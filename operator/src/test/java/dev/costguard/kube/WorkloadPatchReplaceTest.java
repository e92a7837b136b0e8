package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadPatchReplaceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) throws Exception {
    return text.equals("absent") ? JsonNodeFactory.instance.missingNode() : JSON.readTree(text);
  }

  /** A merge patch merges objects, so replacing one must null the keys the new value lacks. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a restored map drops the key Costguard added | {\"gpu\":\"L4\",\"spot\":\"true\"} | {\"gpu\":\"L4\"} | {\"gpu\":\"L4\",\"spot\":null}",
        "nested objects are replaced as a whole      | {\"podAntiAffinity\":{\"x\":1},\"nodeAffinity\":{\"p\":[1]}} | {\"podAntiAffinity\":{\"x\":1}} | {\"podAntiAffinity\":{\"x\":1},\"nodeAffinity\":null}",
        "a list is replaced as it is                 | [1,2] | [1] | [1]",
        "an absent field becomes the value           | absent | {\"a\":1} | {\"a\":1}",
        "an absent value removes the field           | {\"a\":1} | null | null",
      })
  void replacingAFieldRemovesWhatTheNewValueLacks(
      String name, String current, String value, String expected) throws Exception {
    JsonNode body = new WorkloadPatch("7").replace("/spec/x", json(current), json(value)).body();
    assertThat(body.at("/spec/x")).isEqualTo(json(expected));
    assertThat(body.at("/metadata/resourceVersion").asText()).isEqualTo("7");
  }

  @Test
  void valueBeforeIsTheHeldOriginalOrTheCurrentValue() throws Exception {
    JsonNode before = json("{\"spec\":{\"a\":1,\"b\":2}}");
    OriginalState state =
        OriginalState.empty()
            .hold("ScalingPolicy/p", java.util.Map.of("/spec/a", json("5")), before);
    JsonNode after = json("{\"spec\":{\"a\":5,\"b\":2}}");
    assertThat(state.valueBefore("ScalingPolicy/p", "/spec/a", after)).isEqualTo(json("1"));
    assertThat(state.valueBefore("ScalingPolicy/p", "/spec/b", after)).isEqualTo(json("2"));
    assertThat(state.valueBefore("ShutdownSchedule/s", "/spec/a", after)).isEqualTo(json("5"));
  }
}
