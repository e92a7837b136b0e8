package dev.costguard.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ShutdownSchedule;
import dev.costguard.testing.MutableClock;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events as kubectl shows them: one Event per repeated occurrence, counted like client-go does. */
class EventRecorderTest {
  private OperatorHarness harness;
  private MutableClock clock;
  private EventRecorder events;
  private final Deployment api =
      new DeploymentBuilder()
          .withMetadata(
              new ObjectMetaBuilder()
                  .withName("api")
                  .withNamespace("dev-alice")
                  .withUid("uid-api")
                  .build())
          .build();

  @BeforeEach
  void start() {
    harness =
        OperatorHarness.withoutOperator(
            OperatorHarness.testConfig(), OperatorHarness.DEFAULT_START);
    clock = harness.clock();
    events =
        new EventRecorder(
            harness.client(), clock, Duration.ofMinutes(10), "costguard-7d9f8b6c5-x2kqp");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private List<Event> eventsIn(String namespace) {
    return harness.client().v1().events().inNamespace(namespace).list().getItems();
  }

  @Test
  void theSameWarningAgainIsCountedOnOneEventNotRepeated() {
    events.warning(api, "ScaleBlocked", "budget inference-daily is exhausted");
    clock.advance(Duration.ofMinutes(1));
    events.warning(api, "ScaleBlocked", "budget inference-daily is exhausted");
    clock.advance(Duration.ofMinutes(10));
    events.warning(api, "ScaleBlocked", "budget inference-daily is exhausted");
    clock.advance(Duration.ofMinutes(10));
    events.warning(api, "ScaleBlocked", "budget inference-daily is exhausted");

    assertThat(eventsIn("dev-alice"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCount()).isEqualTo(3);
              assertThat(e.getFirstTimestamp()).isEqualTo("2026-06-10T10:00:00Z");
              assertThat(e.getLastTimestamp()).isEqualTo("2026-06-10T10:21:00Z");
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getInvolvedObject().getName()).isEqualTo("api");
              assertThat(e.getReportingComponent()).isEqualTo("costguard");
              assertThat(e.getReportingInstance()).isEqualTo("costguard-7d9f8b6c5-x2kqp");
              assertThat(e.getAction()).isEqualTo("ScaleBlocked");
            });
  }

  @Test
  void anotherMessageIsAnotherEvent() {
    events.normal(api, "Scaled", "3 -> 1: budget inference-daily 100%");
    events.normal(api, "Scaled", "1 -> 3: budget inference-daily rolled over");

    assertThat(eventsIn("dev-alice"))
        .extracting(Event::getMessage)
        .containsExactlyInAnyOrder(
            "3 -> 1: budget inference-daily 100%", "1 -> 3: budget inference-daily rolled over");
  }

  @Test
  void anExpiredEventIsCreatedAfresh() {
    events.warning(api, "ScaleBlocked", "budget inference-daily is exhausted");
    harness.client().v1().events().inNamespace("dev-alice").delete();
    clock.advance(Duration.ofMinutes(11));
    events.warning(api, "ScaleBlocked", "budget inference-daily is exhausted");

    assertThat(eventsIn("dev-alice"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCount()).isEqualTo(1);
              assertThat(e.getFirstTimestamp()).isEqualTo("2026-06-10T10:11:00Z");
            });
  }

  @Test
  void eventsAboutClusterScopedResourcesGoToDefault() {
    ShutdownSchedule schedule = new ShutdownSchedule();
    schedule.setMetadata(new ObjectMetaBuilder().withName("dev-nights").withUid("uid-s").build());
    events.warning(schedule, "InvalidSchedule", "unknown time zone");

    assertThat(eventsIn("default"))
        .singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("InvalidSchedule"));
  }
}
