package dev.costguard.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costguard.api.v1alpha1.NotificationFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The bodies a notice is sent as. Pure.
 *
 * <ul>
 *   <li>{@code Generic}: Costguard's JSON, {@code schemaVersion: costguard.dev/notice/v1}. Money is
 *       a JSON string holding the exact decimal ("27.500000"), never a float. Fields are only ever
 *       added within v1; a change of meaning gets a new version.
 *   <li>{@code Slack}: an incoming-webhook message, {@code text} (the fallback and notification
 *       line) and {@code blocks} (a section and a context line).
 *   <li>{@code Teams}: a workflow webhook message ({@code type: message}) with one Adaptive Card
 *       1.4 attachment (the connector MessageCard format is retired by Microsoft).
 * </ul>
 */
public final class NoticePayloads {
  public static final String SCHEMA_VERSION = "costguard.dev/notice/v1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private NoticePayloads() {}

  public static byte[] of(Notice notice, NotificationFormat format) {
    ObjectNode body =
        switch (format) {
          case Generic -> generic(notice);
          case Slack -> slack(notice);
          case Teams -> teams(notice);
        };
    try {
      return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  static ObjectNode generic(Notice notice) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schemaVersion", SCHEMA_VERSION);
    body.put("id", notice.budget() + "/" + notice.key());
    body.put("kind", notice.kind().name());
    body.putObject("budget").put("name", notice.budget());
    ObjectNode period = body.putObject("period");
    period.put("start", notice.periodStart().toString());
    if (notice.periodEnd() != null) {
      period.put("end", notice.periodEnd().toString());
    }
    body.put("subject", notice.subject());
    body.put("message", notice.message());
    if (notice.currency() != null) {
      body.put("currency", notice.currency());
    }
    ObjectNode amounts = body.putObject("amounts");
    notice.amounts().forEach((name, amount) -> amounts.put(name, amount.toPlainString()));
    ArrayNode workloads = body.putArray("workloads");
    notice.workloads().forEach(workloads::add);
    body.put("occurredAt", notice.at().toString());
    return body;
  }

  static ObjectNode slack(Notice notice) {
    ObjectNode body = JSON.createObjectNode();
    String headline = ":moneybag: *" + notice.kind() + "* " + notice.message();
    body.put("text", notice.message());
    ArrayNode blocks = body.putArray("blocks");
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", slackEscape(headline));
    ObjectNode context = blocks.addObject();
    context.put("type", "context");
    context
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put("text", slackEscape(facts(notice)));
    return body;
  }

  static ObjectNode teams(Notice notice) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "message");
    ObjectNode attachment = body.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode cardBody = card.putArray("body");
    cardBody
        .addObject()
        .put("type", "TextBlock")
        .put("size", "Medium")
        .put("weight", "Bolder")
        .put("text", "Costguard: " + notice.kind() + " on budget " + notice.budget());
    cardBody.addObject().put("type", "TextBlock").put("wrap", true).put("text", notice.message());
    ObjectNode facts = cardBody.addObject().put("type", "FactSet");
    ArrayNode list = facts.putArray("facts");
    list.addObject().put("title", "Period").put("value", period(notice));
    for (Map.Entry<String, BigDecimal> amount : notice.amounts().entrySet()) {
      list.addObject()
          .put("title", amount.getKey())
          .put("value", money(amount.getValue(), notice.currency()));
    }
    return body;
  }

  private static String facts(Notice notice) {
    StringBuilder text = new StringBuilder("budget ").append(notice.budget());
    text.append(" · period ").append(period(notice));
    notice
        .amounts()
        .forEach(
            (name, amount) ->
                text.append(" · ")
                    .append(name)
                    .append(' ')
                    .append(money(amount, notice.currency())));
    return text.toString();
  }

  private static String period(Notice notice) {
    return notice.periodStart() + (notice.periodEnd() == null ? "" : " to " + notice.periodEnd());
  }

  private static String money(BigDecimal amount, String currency) {
    return amount.toPlainString() + (currency == null ? "" : " " + currency);
  }

  /** Slack's mrkdwn reserves &, < and >: names and messages are shown as written. */
  static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
