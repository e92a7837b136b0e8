package dev.costguard.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.ScalingTrigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How old a Prometheus value is, judged on Prometheus's own clock whatever the operator's clock
 * says (the sandbox runs the operator's 60 times faster than Prometheus's).
 */
class PrometheusQueriesTest {
  private static final String QUERY = "avg(DCGM_FI_DEV_GPU_UTIL)";
  private final PrometheusStub prometheus = new PrometheusStub();

  @AfterEach
  void stop() {
    prometheus.close();
  }

  private TriggerReading readAt(Instant operatorNow) throws TriggerFailure {
    ScalingTrigger trigger = new ScalingTrigger();
    trigger.type = ScalingTrigger.TriggerType.Prometheus;
    trigger.serverAddress = prometheus.url();
    trigger.query = QUERY;
    trigger.scaleUpAbove = 80.0;
    trigger.scaleDownBelow = 30.0;
    trigger.maxAgeSeconds = 120;
    PrometheusQueries queries =
        new PrometheusQueries(
            null, List.of(prometheus.url()), Clock.fixed(operatorNow, ZoneOffset.UTC));
    return queries.read("prometheus-1", trigger, "ml");
  }

  @Test
  void aLiveAnswerIsFreshWhenTheOperatorsClockRunsDaysAhead() throws TriggerFailure {
    prometheus.answerLive(QUERY, 42);
    Instant operatorNow = Instant.now().plus(Duration.ofDays(3));

    TriggerReading reading = readAt(operatorNow);

    assertThat(reading.isKnownAt(operatorNow)).as(reading.unknownReasonAt(operatorNow)).isTrue();
    assertThat(reading.value()).isEqualTo(42.0);
    assertThat(reading.observedAt()).isBetween(operatorNow.minusSeconds(2), operatorNow);
  }

  @Test
  void aLiveAnswerIsFreshWhenTheOperatorsClockIsBehind() throws TriggerFailure {
    prometheus.answerLive(QUERY, 42);
    Instant operatorNow = Instant.parse("2026-01-05T08:00:00Z");

    TriggerReading reading = readAt(operatorNow);

    assertThat(reading.isKnownAt(operatorNow)).isTrue();
    // Still fresh 2 minutes later on the operator's clock, stale after: maxAgeSeconds 120.
    assertThat(reading.isKnownAt(operatorNow.plusSeconds(119))).isTrue();
    assertThat(reading.isKnownAt(operatorNow.plusSeconds(121))).isFalse();
  }

  @Test
  void anAnswerSampledLongBeforePrometheusAnsweredIsStale() throws TriggerFailure {
    prometheus.answer(QUERY, PrometheusStub.vector(Instant.now().minus(Duration.ofMinutes(5)), 42));
    Instant operatorNow = Instant.now().plus(Duration.ofDays(3));

    TriggerReading reading = readAt(operatorNow);

    assertThat(reading.isKnownAt(operatorNow)).isFalse();
    assertThat(reading.unknownReasonAt(operatorNow)).contains("stale").contains("older than 120s");
  }
}
