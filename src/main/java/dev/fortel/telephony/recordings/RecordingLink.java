package dev.fortel.telephony.recordings;

import java.time.Instant;

/**
 * A short-lived link to play or download one recording. The id is a random secret shown once, to the session or
 * token that asked for it, and usable only by that same session or token until {@code expiresAt}.
 */
public record RecordingLink(String id, String callId, Purpose purpose, Instant expiresAt) {

    public enum Purpose {
        PLAY, DOWNLOAD;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
