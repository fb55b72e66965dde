/**
 * HTTPS on the embedded default: a self-signed certificate generated once into the data directory, and
 * the protocol and cipher policy (TLS 1.2 and 1.3 only, forward-secret AEAD suites). Certificate building
 * uses Bouncy Castle's X.509 builder rather than hand-written ASN.1.
 */
@NullMarked
package dev.fortel.platform.tls;

import org.jspecify.annotations.NullMarked;
