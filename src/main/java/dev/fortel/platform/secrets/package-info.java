/**
 * Secrets at rest: {@link dev.fortel.platform.secrets.SecretBox} seals a secret (an SMTP password, a mail that
 * carries a single-use link, and later SIP passwords, TOTP seeds, recordings' keys) before it is written to the
 * database, and opens it when the server needs it again.
 *
 * <h2>What a sealed value is</h2>
 * AES-256-GCM envelope encryption with the JDK's {@code javax.crypto}: each seal draws a fresh 256-bit data key
 * and encrypts the secret with it; the data key itself is encrypted ("wrapped") with the master key. Both
 * encryptions use a fresh random 96-bit nonce and a 128-bit tag. The result is one printable string,
 * {@code v1:<key id>:<base64url>}: the format version, the id of the master key that wrapped the data key
 * (8 hex digits derived from the key, so a value sealed under another key is named as such instead of failing
 * as "altered"), and the nonces, wrapped key and ciphertext. Sealing the same secret twice gives two
 * different strings.
 *
 * <h2>Purpose and owner</h2>
 * Every seal names what the secret is for and whose it is, for example {@code ("notification.smtp-password",
 * "provider")} or {@code ("notification.outbox-body", "<tenant>/<message id>")}. Both are authenticated as GCM
 * associated data, together with the format version and key id: a sealed value copied into another row,
 * another company's row or another column does not open there. Callers choose owners that identify the row
 * (tenant and id), not just the table.
 *
 * <h2>Failures</h2>
 * {@link dev.fortel.platform.secrets.SecretBox#open} never returns altered or misdirected data: it throws
 * {@link dev.fortel.platform.secrets.SecretBox.UnreadableSecretException}, whose message names the cause (not a
 * sealed value, another master key, altered or sealed for another purpose/owner) and never the secret.
 *
 * <h2>The master key</h2>
 * {@code fortel.master-key} ({@code FORTEL_MASTER_KEY}): 32 random bytes in base64, for example from
 * {@code openssl rand -base64 32}. A bad value stops the start with a message that names the key and never
 * prints it. Without it, the embedded default (H2 under the data directory) generates one once into
 * {@code <data-dir>/keys/master.key}, owner-only on POSIX, and reuses it; with any other database the start
 * stops, because a production key must live outside the database and its backups. Losing the key makes every
 * sealed value unreadable. {@code fortel.previous-master-keys} lists retired keys that still open values
 * sealed under them (new seals always use the current key), so a key can be replaced without losing data.
 * The key never reaches a log, an API answer or {@code toString}.
 */
@NullMarked
@NamedInterface("secrets")
package dev.fortel.platform.secrets;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
