package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OriginalStateTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPLICAS = "/spec/replicas";

  @Test
  void sleepThenWakeRestoresTheOriginalReplicas() {
    OriginalState held =
        OriginalState.empty()
            .hold("ShutdownSchedule/nightly", Map.of(REPLICAS, json("0")), workload(3));
    OriginalState.Release release =
        OriginalState.parse(held.toAnnotationValue())
            .release("ShutdownSchedule/nightly", workload(0));
    assertThat(release.restore()).containsEntry(REPLICAS, json("3"));
    assertThat(release.keptUserChanges()).isEmpty();
    assertThat(release.remaining().toAnnotationValue()).isNull();
  }

  @Test
  void aSecondHoldNeverOverwritesTheSavedOriginal() {
    OriginalState once =
        OriginalState.empty()
            .hold("ShutdownSchedule/nightly", Map.of(REPLICAS, json("0")), workload(3));
    OriginalState twice =
        once.hold("ShutdownSchedule/nightly", Map.of(REPLICAS, json("0")), workload(0));
    assertThat(twice.release("ShutdownSchedule/nightly", workload(0)).restore())
        .containsEntry(REPLICAS, json("3"));
  }

  @Test
  void aPersonsChangeWhileHeldIsKept() {
    OriginalState held =
        OriginalState.empty()
            .hold("ShutdownSchedule/nightly", Map.of(REPLICAS, json("0")), workload(3));
    OriginalState.Release release = held.release("ShutdownSchedule/nightly", workload(5));
    assertThat(release.restore()).isEmpty();
    assertThat(release.keptUserChanges()).containsExactly(REPLICAS);
    assertThat(held.userChanges("ShutdownSchedule/nightly", workload(5))).containsExactly(REPLICAS);
  }

  @Test
  void aFieldALaterHolderChangedIsNotAPersonsChangeForTheEarlierHolder() {
    OriginalState state =
        OriginalState.empty()
            .hold("WorkloadBudget/team/ScaleToMinimum", Map.of(REPLICAS, json("1")), workload(5))
            .hold("WorkloadBudget/team/Suspend", Map.of(REPLICAS, json("0")), workload(1));
    assertThat(state.userChanges("WorkloadBudget/team/ScaleToMinimum", workload(0))).isEmpty();
    assertThat(state.userChanges("WorkloadBudget/team/Suspend", workload(0))).isEmpty();
    assertThat(state.userChanges("WorkloadBudget/team/Suspend", workload(3)))
        .containsExactly(REPLICAS);
  }

  static Stream<Arguments> releaseOrders() {
    return Stream.of(
        Arguments.of(
            "schedule first, then budget", "ShutdownSchedule/nightly", "WorkloadBudget/team"),
        Arguments.of(
            "budget first, then schedule", "WorkloadBudget/team", "ShutdownSchedule/nightly"));
  }

  @ParameterizedTest(name = "two holders, released {0}: the field ends at its true original")
  @MethodSource("releaseOrders")
  void twoHoldersReleasedInAnyOrderEndWithTheTrueOriginal(
      String order, String firstRelease, String secondRelease) {
    OriginalState state =
        OriginalState.empty()
            .hold("ShutdownSchedule/nightly", Map.of(REPLICAS, json("0")), workload(4))
            .hold("WorkloadBudget/team", Map.of(REPLICAS, json("1")), workload(0));
    int replicas = 1;
    OriginalState.Release first = state.release(firstRelease, workload(replicas));
    if (first.restore().containsKey(REPLICAS)) {
      replicas = first.restore().get(REPLICAS).asInt();
    }
    OriginalState.Release second = first.remaining().release(secondRelease, workload(replicas));
    if (second.restore().containsKey(REPLICAS)) {
      replicas = second.restore().get(REPLICAS).asInt();
    }
    assertThat(replicas).isEqualTo(4);
    assertThat(second.remaining().isEmpty()).isTrue();
  }

  @Test
  void anAbsentFieldIsRestoredAsAbsent() {
    JsonNode withoutAffinity = json("{\"spec\":{\"template\":{\"spec\":{}}}}");
    OriginalState held =
        OriginalState.empty()
            .hold(
                "ScalingPolicy/ml/chat",
                Map.of("/spec/template/spec/affinity", json("{\"a\":1}")),
                withoutAffinity);
    JsonNode restored =
        OriginalState.parse(held.toAnnotationValue())
            .release(
                "ScalingPolicy/ml/chat",
                json("{\"spec\":{\"template\":{\"spec\":{\"affinity\":{\"a\":1}}}}}"))
            .restore()
            .get("/spec/template/spec/affinity");
    assertThat(restored.isMissingNode()).isTrue();
  }

  static Stream<Arguments> garbage() {
    return Stream.of(
        Arguments.of("{not json", "is not JSON"),
        Arguments.of("{\"replicas\":3}", "must be a JSON array of holds"),
        Arguments.of("[{\"holder\":\"x\"}]", "each hold needs a holder and fields"),
        Arguments.of(
            "[{\"holder\":\"x\",\"fields\":{\"spec.replicas\":{\"applied\":0}}}]",
            "needs a JSON pointer"));
  }

  @ParameterizedTest(name = "garbage annotation {0} is refused: {1}")
  @MethodSource("garbage")
  void garbageInTheAnnotationIsAClearError(String value, String message) {
    assertThatThrownBy(() -> OriginalState.parse(value))
        .isInstanceOf(InvalidOriginalStateException.class)
        .hasMessageContaining("costguard.dev/original")
        .hasMessageContaining(message);
  }

  private static JsonNode workload(int replicas) {
    return json("{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
