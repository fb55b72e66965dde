package dev.fortel.notification;

import java.util.Locale;
import java.util.Optional;

/** How the connection to the SMTP relay is protected. */
public enum MailSecurity {
    /** Plain connection upgraded with STARTTLS (usually port 587); refused, never downgraded, when the server does not offer it. */
    STARTTLS,
    /** TLS from the first byte (SMTPS, usually port 465). */
    TLS,
    /** No encryption: only for a relay on this host (localhost, 127.0.0.1, ::1), where nothing crosses a network. */
    PLAIN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MailSecurity> of(String code) {
        for (MailSecurity s : values()) {
            if (s.code().equals(code)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
