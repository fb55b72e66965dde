package dev.fortel.audit.syslog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Syslog delivery ({@code fortel.journal.syslog.*}).
 *
 * @param pollInterval how often targets with undelivered events are looked for
 * @param batch how many journal events are read at a time
 * @param confirmEvery a stream is confirmed (closed gracefully and reopened) after this many messages
 * @param confirmInterval ... or after this long, whichever comes first: what may need resending after a failure
 * @param connectTimeout connecting, the TLS handshake, and waiting for the receiver's close when confirming
 * @param backoff the first retry delay after a failure, doubled on each further failure up to {@code backoffMax}
 * @param lease how long one node owns a target's delivery before another may take it over
 * @param hostname HOSTNAME in messages; empty: this machine's name
 * @param sdId the structured-data id {@code name@<IANA private enterprise number>}; 32473 is the number RFC 5612
 *     reserves for examples, so a provider with its own number should set it
 * @param maxTargets targets per company
 */
@Validated
@ConfigurationProperties("fortel.journal.syslog")
record SyslogProperties(@NotNull Duration pollInterval, @Min(10) @Max(10_000) int batch, @Min(1) @Max(1_000_000) int confirmEvery,
        @NotNull Duration confirmInterval, @NotNull Duration connectTimeout, @NotNull Duration backoff, @NotNull Duration backoffMax,
        @NotNull Duration lease, @Nullable String hostname, @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,32}@[0-9]+(\\.[0-9]+)*") String sdId,
        @Min(1) @Max(100) int maxTargets) {

    SyslogProperties {
        if (lease != null && connectTimeout != null && lease.compareTo(connectTimeout.multipliedBy(4)) < 0) {
            throw new IllegalArgumentException("fortel.journal.syslog.lease must be at least four times fortel.journal.syslog.connect-timeout");
        }
    }
}
