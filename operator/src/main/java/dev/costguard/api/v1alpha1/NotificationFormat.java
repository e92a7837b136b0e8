package dev.costguard.api.v1alpha1;

/** The body a notification target receives. */
public enum NotificationFormat {
  /** Costguard's versioned JSON (schemaVersion costguard.dev/notice/v1), HMAC-signed if asked. */
  Generic,
  /** A Slack incoming-webhook message: text and blocks. */
  Slack,
  /** A Microsoft Teams workflow webhook message carrying an Adaptive Card. */
  Teams
}
