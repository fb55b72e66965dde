package dev.fortel.notification;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The provider's SMTP relay as people and the API see it: the password is never part of it, only whether one is set.
 *
 * @param trustedCertificate PEM certificates the relay's certificate must chain to instead of the JVM's trust store
 *     (a company's own CA, a test server); {@code null} uses the JVM's trust store
 */
public record MailServer(String host, int port, MailSecurity security, @Nullable String username, boolean passwordSet,
        String fromAddress, @Nullable String trustedCertificate, Instant updatedAt, @Nullable String updatedBy) {}
