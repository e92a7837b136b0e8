package dev.costguard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.api.v1alpha1.NotificationEvent;
import dev.costguard.api.v1alpha1.NotificationFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoticePayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Notice CROSSED =
      new Notice(
          "inference-daily",
          NotificationEvent.ThresholdCrossed,
          Instant.parse("2026-06-10T00:00:00Z"),
          Instant.parse("2026-06-11T00:00:00Z"),
          "80%@2",
          "WorkloadBudget inference-daily crossed 80% (spent 6.400000 of 8 USD); actions: Notify",
          "USD",
          Map.of("limit", new BigDecimal("8"), "spent", new BigDecimal("6.400000")),
          List.of("Deployment ml/<api>"),
          Instant.parse("2026-06-10T15:00:00Z"));

  @Test
  void genericJsonFollowsSchemaV1WithMoneyAsExactDecimalStrings() throws Exception {
    JsonNode body = JSON.readTree(NoticePayloads.of(CROSSED, NotificationFormat.Generic));

    assertThat(body)
        .isEqualTo(
            JSON.readTree(
                """
                {"schemaVersion": "costguard.dev/notice/v1",
                 "id": "inference-daily/ThresholdCrossed/2026-06-10T00:00:00Z/80%@2",
                 "kind": "ThresholdCrossed",
                 "budget": {"name": "inference-daily"},
                 "period": {"start": "2026-06-10T00:00:00Z", "end": "2026-06-11T00:00:00Z"},
                 "subject": "80%@2",
                 "message": "WorkloadBudget inference-daily crossed 80% (spent 6.400000 of 8 USD); actions: Notify",
                 "currency": "USD",
                 "amounts": {"limit": "8", "spent": "6.400000"},
                 "workloads": ["Deployment ml/<api>"],
                 "occurredAt": "2026-06-10T15:00:00Z"}
                """));
  }

  @Test
  void slackGetsTextAndBlocksWithItsMarkupCharactersEscaped() throws Exception {
    Notice notice =
        new Notice(
            "a<b>&c",
            NotificationEvent.ActionTaken,
            CROSSED.periodStart(),
            CROSSED.periodEnd(),
            "Suspend@1#00",
            "suspended <everything> & more",
            "EUR",
            Map.of("spent", new BigDecimal("1.50")),
            List.of(),
            CROSSED.at());

    JsonNode body = JSON.readTree(NoticePayloads.of(notice, NotificationFormat.Slack));

    assertThat(body.path("text").asText()).isEqualTo("suspended <everything> & more");
    assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("section");
    assertThat(body.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo(":moneybag: *ActionTaken* suspended &lt;everything&gt; &amp; more");
    assertThat(body.path("blocks").get(1).path("elements").get(0).path("text").asText())
        .isEqualTo(
            "budget a&lt;b&gt;&amp;c · period 2026-06-10T00:00:00Z to 2026-06-11T00:00:00Z · spent"
                + " 1.50 EUR");
  }

  @Test
  void teamsGetsOneAdaptiveCardWithTheAmountsAsFacts() throws Exception {
    JsonNode body = JSON.readTree(NoticePayloads.of(CROSSED, NotificationFormat.Teams));

    assertThat(body.path("type").asText()).isEqualTo("message");
    JsonNode attachment = body.path("attachments").get(0);
    assertThat(attachment.path("contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.path("content");
    assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.path("version").asText()).isEqualTo("1.4");
    assertThat(card.path("body").get(1).path("text").asText()).isEqualTo(CROSSED.message());
    assertThat(card.path("body").get(2).path("facts").toString())
        .isEqualTo(
            "[{\"title\":\"Period\",\"value\":\"2026-06-10T00:00:00Z to 2026-06-11T00:00:00Z\"},"
                + "{\"title\":\"limit\",\"value\":\"8 USD\"},"
                + "{\"title\":\"spent\",\"value\":\"6.400000 USD\"}]");
  }
}
