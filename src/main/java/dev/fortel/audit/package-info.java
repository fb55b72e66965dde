/**
 * The security journal: an append-only record of every security-relevant action, one SHA-256 hash chain
 * per tenant ({@code h(n) = SHA-256(h(n-1) || canonical(event n))}), written in the same transaction as the
 * action it records. It listens to the other modules' events; nobody calls it to "remember to log".
 */
@NullMarked
package dev.fortel.audit;

import org.jspecify.annotations.NullMarked;
