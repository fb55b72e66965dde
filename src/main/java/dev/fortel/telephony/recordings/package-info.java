/**
 * Call recordings: upload from the media layer, encryption at rest under each company's own key, playback and
 * download through short-lived links bound to the asking session, delivery to the company's FTPS server, and
 * retention.
 *
 * <p>Nothing here is hand-written crypto or protocol code: files are encrypted with Tink's streaming AEAD
 * (AES-256-GCM-HKDF with 1 MiB segments, so any byte range decrypts on its own), the company key is a Tink keyset
 * sealed by {@link dev.fortel.platform.secrets.SecretBox} under the master key, the audio type is detected from
 * the bytes by Apache Tika, and FTPS (RFC 4217, explicit TLS) is Apache Commons Net. What is written here is the
 * glue: HTTP Range handling over the decrypting channel, and the rules around who may open what.
 */
@org.jspecify.annotations.NullMarked
package dev.fortel.telephony.recordings;
