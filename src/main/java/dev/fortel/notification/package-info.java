/**
 * Outbound messages: e-mail over SMTP through a transactional outbox. A mail is written to the {@code outbox}
 * table in the transaction of the change that causes it ({@link dev.fortel.notification.Outbox#queue}: if the
 * change rolls back, no mail exists), with its body sealed by {@code platform.secrets.SecretBox} because it
 * carries single-use links. After the commit a sender delivers it over the provider's SMTP relay
 * ({@link dev.fortel.notification.MailSettings}: STARTTLS required, implicit TLS, or plain to a relay on this
 * host; the relay password sealed), retrying with growing delays; a delivered mail keeps its metadata and loses
 * its body. Without SMTP settings mail stays in the local outbox, which the provider operator reads in the
 * console ({@code /outbox}) and the API, so the embedded default works without a mail server.
 *
 * <p>SMS goes through the provider's HTTP gateway ({@link dev.fortel.notification.SmsGateway}), sent at once rather
 * than queued: the messages are short-lived sign-in codes.
 *
 * <p>This module knows nothing about people or sign-in: callers ({@code onboarding}) compose the text, in the
 * recipient's language, and name the company the mail belongs to.
 */
@NullMarked
package dev.fortel.notification;

import org.jspecify.annotations.NullMarked;
