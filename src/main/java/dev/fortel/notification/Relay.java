package dev.fortel.notification;

import org.jspecify.annotations.Nullable;

/** The relay as the sender needs it, with the opened password. Lives only for one delivery run; never logged. */
record Relay(String host, int port, MailSecurity security, @Nullable String username, @Nullable String password, String fromAddress,
        @Nullable String trustedCertificate) {

    @Override
    public String toString() {
        return "Relay[" + security.code() + "://" + host + ":" + port + ", username=" + username + ", password="
                + (password == null ? "none" : "******") + "]";
    }
}
