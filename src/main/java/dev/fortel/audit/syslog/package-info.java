/**
 * Delivery of the security journal to a company's SIEM over syslog: RFC 5424 messages carrying the event as OCSF 1.3
 * JSON (or CEF) with its id, company, type and sequence in structured data, sent over UDP (RFC 5426), TCP with
 * octet-counted framing (RFC 6587 section 3.4.1) or TLS (RFC 5425).
 *
 * <p>Each target reads the durable journal by its own cursor, so delivery is at least once and in order per target,
 * and nothing is lost while a receiver is down or the server restarts. Plain syslog over TCP has no acknowledgement,
 * so a stream is confirmed by closing it gracefully (TLS close_notify, then our half of the TCP connection) and
 * waiting for the receiver to close its half: it has then read everything we wrote. Only then does the cursor move;
 * any failure before that resends from the last confirmed event (duplicates are possible, never gaps). UDP cannot be
 * confirmed: its cursor moves as datagrams leave, and the console says so.
 *
 * <p>Written here rather than taken from a library: the framing and header are a few lines of RFC text, and the
 * syslog clients on Maven Central (for example CloudBees' syslog-java-client) neither confirm what was received nor
 * resume from a cursor, which is the part that matters. TLS itself is the JDK's JSSE, certificates are parsed by the
 * JDK and Bouncy Castle.
 */
@NullMarked
package dev.fortel.audit.syslog;

import org.jspecify.annotations.NullMarked;
