package dev.fortel.notification;

import java.util.Locale;
import java.util.Optional;

/** Where a mail is on its way. */
public enum MessageStatus {
    /** Waiting for its first attempt or for a retry. */
    PENDING,
    /** Being delivered by a sender now. */
    SENDING,
    /** Accepted by the relay; its body is erased. */
    SENT,
    /** Given up after the last attempt; still readable in the outbox. */
    FAILED,
    /** No SMTP relay was configured: kept in the local outbox for the provider operator to read. */
    LOCAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MessageStatus> of(String code) {
        for (MessageStatus s : values()) {
            if (s.code().equals(code)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
