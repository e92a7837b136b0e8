package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "has(self.url) != has(self.urlSecretRef)",
    message = "set exactly one of url and urlSecretRef")
@ValidationRule(
    value = "!has(self.signingSecretRef) || !has(self.format) || self.format == 'Generic'",
    message =
        "signingSecretRef signs the Generic format only; Slack and Teams webhooks are"
            + " authenticated by their secret URL (use urlSecretRef)")
public class NotificationTarget {
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the target, unique in the budget, e.g. team-slack.")
  public String name;

  @Size(max = 2048)
  @Pattern("^[hH][tT][tT][pP][sS]?://[^\\s]+$")
  @JsonPropertyDescription(
      "Webhook URL (http or https). It must be on the operator's notification allow-list"
          + " (--notification-allowed-urls). A URL that is itself a credential, as Slack and Teams"
          + " webhook URLs are, belongs in urlSecretRef instead.")
  public String url;

  @JsonPropertyDescription(
      "Secret key holding the webhook URL. A WorkloadBudget is cluster-scoped: the Secret is read"
          + " from the operator's namespace.")
  public SecretKeyRef urlSecretRef;

  @Default("Generic")
  @JsonPropertyDescription(
      "Body sent: Generic (Costguard's versioned JSON, signable), Slack or Teams.")
  public NotificationFormat format;

  @JsonPropertyDescription(
      "Generic format only: Secret key holding the HMAC-SHA256 key; the body is then signed in the"
          + " X-Costguard-Signature header (t=<unix seconds>,v1=<hex HMAC of \"t.body\">). Read"
          + " from the operator's namespace.")
  public SecretKeyRef signingSecretRef;

  @Size(max = 6)
  @JsonPropertyDescription(
      "What this target is told: ThresholdCrossed, ActionTaken, ActionUndone, CapChanged,"
          + " JobQueued, JobAdmitted. Empty means all.")
  public List<NotificationEvent> events = new ArrayList<>();
}
