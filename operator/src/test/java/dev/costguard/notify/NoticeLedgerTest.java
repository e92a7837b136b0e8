package dev.costguard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.NotificationEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NoticeLedgerTest {
  private static final Instant DAY1 = Instant.parse("2026-06-10T00:00:00Z");
  private static final Instant DAY2 = Instant.parse("2026-06-11T00:00:00Z");

  @Test
  void aNoticeRecordedInStatusIsNotPublishedAgainAfterARestart() {
    Notice crossed = notice(NotificationEvent.ThresholdCrossed, DAY1, "80%@1");
    List<String> ledger = NoticeLedger.recorded(List.of(), List.of(crossed), DAY1);

    assertThat(ledger).containsExactly("ThresholdCrossed/2026-06-10T00:00:00Z/80%@1");
    assertThat(NoticeLedger.unsent(List.of(crossed), ledger)).isEmpty();
  }

  @Test
  void theSameThresholdInTheNextPeriodIsToldAgain() {
    List<String> ledger =
        NoticeLedger.recorded(
            List.of(), List.of(notice(NotificationEvent.ThresholdCrossed, DAY1, "80%@1")), DAY1);
    Notice tomorrow = notice(NotificationEvent.ThresholdCrossed, DAY2, "80%@1");

    assertThat(NoticeLedger.unsent(List.of(tomorrow), ledger)).containsExactly(tomorrow);
    assertThat(NoticeLedger.recorded(ledger, List.of(tomorrow), DAY2))
        .as("keys of the closed period are dropped")
        .containsExactly("ThresholdCrossed/2026-06-11T00:00:00Z/80%@1");
  }

  @Test
  void aKeyRepeatedAmongTheCandidatesIsPublishedOnce() {
    Notice first = notice(NotificationEvent.ActionTaken, DAY1, "Suspend@1#ab");
    Notice again = notice(NotificationEvent.ActionTaken, DAY1, "Suspend@1#ab");

    assertThat(NoticeLedger.unsent(List.of(first, again), List.of())).containsExactly(first);
  }

  @Test
  void theLedgerKeepsTheNewestKeysUpToItsCapacity() {
    List<Notice> many =
        IntStream.range(0, NoticeLedger.CAPACITY + 5)
            .mapToObj(i -> notice(NotificationEvent.JobQueued, DAY1, "job-" + i))
            .toList();

    List<String> ledger = NoticeLedger.recorded(List.of(), many, DAY1);

    assertThat(ledger).hasSize(NoticeLedger.CAPACITY);
    assertThat(ledger.get(0)).endsWith("/job-5");
    assertThat(ledger.get(ledger.size() - 1)).endsWith("/job-" + (NoticeLedger.CAPACITY + 4));
  }

  static Notice notice(NotificationEvent kind, Instant period, String subject) {
    return new Notice(
        "team-vision",
        kind,
        period,
        period.plusSeconds(86_400),
        subject,
        "message",
        "USD",
        Map.of(),
        List.of(),
        period.plusSeconds(3600));
  }
}
