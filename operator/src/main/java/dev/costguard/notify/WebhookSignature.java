package dev.costguard.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 signature of a Generic body, in the header {@value #HEADER}: {@code t=<unix
 * seconds>,v1=<lower-case hex HMAC-SHA256 over "<t>.<body bytes>">}. The timestamp is in the signed
 * text, so a receiver that checks it is recent (e.g. within 5 minutes) also refuses a replayed
 * request. Pure.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-Costguard-Signature";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  public static String header(byte[] key, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(key, unixSeconds, body));
  }

  /** What a receiver does: recompute and compare in constant time. */
  public static boolean verify(byte[] key, String header, byte[] body) {
    long t = -1;
    String v1 = null;
    for (String part : header == null ? new String[0] : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length == 2 && kv[0].equals("t")) {
        try {
          t = Long.parseLong(kv[1]);
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (kv.length == 2 && kv[0].equals("v1")) {
        v1 = kv[1];
      }
    }
    if (t < 0 || v1 == null) {
      return false;
    }
    byte[] expected = HexFormat.of().formatHex(mac(key, t, body)).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] mac(byte[] key, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
