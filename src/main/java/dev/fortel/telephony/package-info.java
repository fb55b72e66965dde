/**
 * Telephony objects of a company. So far: employees' SIP accounts, whose passwords are generated, sealed at
 * rest and kept as the digest hashes the SIP edge will check; revealing one is journaled and needs a recent
 * second factor. Call history, recordings and the calling policies follow.
 *
 * <p>Written by hand: only the digest HA1 ({@code H(username:realm:password)}, RFC 2617 and RFC 8760), two
 * lines over the JDK's {@link java.security.MessageDigest}.
 */
@NullMarked
package dev.fortel.telephony;

import org.jspecify.annotations.NullMarked;
