package dev.costguard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final byte[] KEY = "s3cret".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BODY =
      "{\"kind\":\"ThresholdCrossed\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void theSignatureIsHmacSha256OverTimestampDotBody() {
    // Reference: printf '1781100000.{"kind":"ThresholdCrossed"}' | openssl dgst -sha256 -hmac
    // s3cret
    assertThat(WebhookSignature.header(KEY, 1_781_100_000L, BODY))
        .isEqualTo("t=1781100000,v1=" + OpenSslReference.HMAC);
  }

  @Test
  void aReceiverVerifiesTheSignatureAndRefusesAnyChange() {
    String header = WebhookSignature.header(KEY, 1_781_100_000L, BODY);

    assertThat(WebhookSignature.verify(KEY, header, BODY)).isTrue();
    assertThat(WebhookSignature.verify("other".getBytes(StandardCharsets.UTF_8), header, BODY))
        .as("another key")
        .isFalse();
    assertThat(WebhookSignature.verify(KEY, header, "{}".getBytes(StandardCharsets.UTF_8)))
        .as("another body")
        .isFalse();
    assertThat(WebhookSignature.verify(KEY, header.replace("t=1781100000", "t=1781100001"), BODY))
        .as("another timestamp")
        .isFalse();
    assertThat(WebhookSignature.verify(KEY, "v1=abc", BODY)).as("no timestamp").isFalse();
    assertThat(WebhookSignature.verify(KEY, null, BODY)).as("no header").isFalse();
  }

  /** Computed once with OpenSSL, independently of the code under test. */
  private static final class OpenSslReference {
    static final String HMAC = "c811e962f98207c35c7f1d8bd51b86049780df5ead6215d31e979961d98e17af";
  }
}
