/**
 * TLS on both sides. Serving: HTTPS on the embedded default with a self-signed certificate generated once into the
 * data directory, and the protocol and cipher policy (TLS 1.2 and 1.3 only, forward-secret AEAD suites); certificate
 * building uses Bouncy Castle's X.509 builder rather than hand-written ASN.1. Connecting out:
 * {@link dev.fortel.platform.tls.ServerTrust}, how a client's own server (FTPS, syslog) is trusted, shared by every
 * module that connects to one.
 */
@NullMarked
@NamedInterface("tls")
package dev.fortel.platform.tls;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
