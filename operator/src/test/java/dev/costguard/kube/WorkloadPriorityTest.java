package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadPriorityTest {
  private static Optional<Integer> of(String value) {
    Map<String, String> labels = new HashMap<>();
    labels.put("costguard.dev/priority", value);
    return WorkloadPriority.of(labels);
  }

  @Test
  void readsTheLabelAsAnIntegerAndRefusesAnythingElse() {
    assertThat(WorkloadPriority.of(null)).contains(0);
    assertThat(WorkloadPriority.of(Map.of())).contains(0);
    assertThat(of("10")).contains(10);
    assertThat(of(" -3 ")).contains(-3);
    assertThat(of("high")).isEmpty();
    assertThat(of("99999999999999999999")).as("beyond an int").isEmpty();
    assertThat(of("1.5")).isEmpty();
  }
}
