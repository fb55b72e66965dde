package dev.fortel.identity.ldap;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Talking to companies' directories ({@code fortel.ldap.*}).
 *
 * @param connectTimeout how long a TCP and TLS connection may take; a sign-in by bind waits at most this plus
 *     {@code responseTimeout}
 * @param responseTimeout how long one LDAP operation may take
 * @param maxEntries the most user entries one synchronization takes; a directory with more is refused with a message
 *     to narrow the search base or filter, rather than half-synchronized
 * @param scheduleCheck how often each node looks for directories whose scheduled synchronization is due
 * @param syncLease how long a node holds a directory's synchronization; another node takes it over after this if the
 *     first died mid-way
 */
@Validated
@ConfigurationProperties("fortel.ldap")
record LdapProperties(@NotNull Duration connectTimeout, @NotNull Duration responseTimeout, @Min(1) @Max(1_000_000) int maxEntries,
        @NotNull Duration scheduleCheck, @NotNull Duration syncLease) {

    LdapProperties {
        if (connectTimeout != null && (connectTimeout.toMillis() < 100 || connectTimeout.compareTo(Duration.ofMinutes(1)) > 0)) {
            throw new IllegalArgumentException("fortel.ldap.connect-timeout must be between 100ms and 1m; sign-in waits for it");
        }
        if (responseTimeout != null && (responseTimeout.toMillis() < 100 || responseTimeout.compareTo(Duration.ofMinutes(5)) > 0)) {
            throw new IllegalArgumentException("fortel.ldap.response-timeout must be between 100ms and 5m");
        }
        if (scheduleCheck != null && scheduleCheck.toSeconds() < 1) {
            throw new IllegalArgumentException("fortel.ldap.schedule-check must be at least 1s");
        }
        if (syncLease != null && syncLease.toMinutes() < 1) {
            throw new IllegalArgumentException("fortel.ldap.sync-lease must be at least 1m: it must outlast one synchronization");
        }
    }
}
