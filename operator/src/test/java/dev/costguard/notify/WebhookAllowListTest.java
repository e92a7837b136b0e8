package dev.costguard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookAllowListTest {
  /** A resolver with fixed answers, so that the test needs no DNS. */
  private static final Map<String, String> DNS =
      Map.of(
          "hooks.slack.com", "34.1.2.3",
          "team.webhook.office.com", "52.1.2.3",
          "alerts.example.com", "10.0.0.7",
          "rebound.example.com", "169.254.169.254",
          "v6meta.example.com", "fd00:ec2::254",
          "metadata.internal", "169.254.169.254");

  private static final WebhookAllowList ALLOWED =
      new WebhookAllowList(
          List.of(
              "https://hooks.slack.com/services",
              "https://*.webhook.office.com",
              "http://alerts.example.com:8080/costguard/",
              "https://rebound.example.com",
              "https://v6meta.example.com",
              "http://169.254.169.254"),
          WebhookAllowListTest::resolve);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "allowed",
      textBlock =
          """
          a Slack webhook under the allowed path         | https://hooks.slack.com/services/T0/B0/xyz        | allowed
          a Teams workflow on a subdomain                | https://team.webhook.office.com/workflows/1       | allowed
          an internal receiver on its port and path      | http://alerts.example.com:8080/costguard/budgets  | allowed
          the same host in upper case                    | HTTPS://HOOKS.SLACK.COM/services/T0               | allowed
          another path on an allowed host                | https://hooks.slack.com/api/chat.postMessage      | https://hooks.slack.com:443 is not on the operator's notification allow-list
          a path that only starts like the allowed one   | https://hooks.slack.com/servicesX/1               | https://hooks.slack.com:443 is not on the operator's notification allow-list
          dot segments climbing out of the allowed path  | https://hooks.slack.com/services/../api/x         | https://hooks.slack.com:443 is not on the operator's notification allow-list
          plain http to an https-only entry              | http://hooks.slack.com/services/T0                | http://hooks.slack.com:80 is not on the operator's notification allow-list
          another port                                   | http://alerts.example.com:9090/costguard/x        | http://alerts.example.com:9090 is not on the operator's notification allow-list
          the wildcard's own domain                      | https://webhook.office.com/x                      | https://webhook.office.com:443 is not on the operator's notification allow-list
          a look-alike domain                            | https://evilwebhook.office.com/x                  | https://evilwebhook.office.com:443 is not on the operator's notification allow-list
          user information to confuse the host           | https://hooks.slack.com@evil.example/services/x   | the webhook URL carries user information, which is refused
          a scheme other than http                       | file:///etc/passwd                                | the webhook URL is not http or https
          gopher to an internal port                     | gopher://alerts.example.com:8080/costguard        | the webhook URL is not http or https
          not a URL                                      | ht tp://x                                         | the webhook URL is not a URL
          an allowed name that resolves to metadata      | https://rebound.example.com/hook                  | https://rebound.example.com:443 resolves to 169.254.169.254, a link-local, metadata, unspecified or multicast address; allow that IP address itself to call it
          the IPv6 metadata address                      | https://v6meta.example.com/hook                   | https://v6meta.example.com:443 resolves to fd00:ec2:0:0:0:0:0:254, a link-local, metadata, unspecified or multicast address; allow that IP address itself to call it
          the metadata IP when allowed by itself         | http://169.254.169.254/latest                     | allowed
          the metadata IP by a name not on the list      | http://metadata.internal/latest                   | http://metadata.internal:80 is not on the operator's notification allow-list
          """)
  void webhookAddressesAreCheckedAgainstTheAllowList(String scenario, String url, String refusal) {
    if (refusal == null) {
      assertThat(ALLOWED.refusal(url)).isEmpty();
    } else {
      assertThat(ALLOWED.refusal(url)).hasValueSatisfying(r -> assertThat(r).startsWith(refusal));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          an empty allow-list refuses everything | https://hooks.slack.com/services/x
          """)
  void anEmptyAllowListRefusesEveryAddress(String scenario, String url) {
    assertThat(new WebhookAllowList(List.of(), WebhookAllowListTest::resolve).refusal(url))
        .contains(
            "https://hooks.slack.com:443 is not on the operator's notification allow-list (empty)");
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String ip = host.matches("[0-9.]+|.*:.*") ? host : DNS.get(host);
    if (ip == null) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(ip)};
  }
}
