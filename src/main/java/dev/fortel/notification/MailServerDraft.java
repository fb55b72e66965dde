package dev.fortel.notification;

import org.jspecify.annotations.Nullable;

/**
 * New SMTP settings as submitted, unchecked. {@code password} {@code null} keeps the stored password (so a form
 * that never shows it can be saved), an empty string removes it.
 */
public record MailServerDraft(@Nullable String host, @Nullable Integer port, @Nullable String security, @Nullable String username,
        @Nullable String password, @Nullable String fromAddress, @Nullable String trustedCertificate) {

    @Override
    public String toString() {
        return "MailServerDraft[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username + ", password="
                + (password == null ? "unchanged" : "******") + ", fromAddress=" + fromAddress + "]";
    }
}
