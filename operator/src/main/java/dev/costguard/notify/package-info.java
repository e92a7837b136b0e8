/**
 * Owners told where they are: budget notices ({@link dev.costguard.notify.Notice}) published by the
 * capabilities through {@link dev.costguard.notify.Notices}, and their delivery to webhooks.
 */
package dev.costguard.notify;
