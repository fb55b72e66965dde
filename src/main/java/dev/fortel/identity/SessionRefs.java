package dev.fortel.identity;

/**
 * A session's public reference: the first 12 hex digits of the SHA-256 of its id. The id itself is the
 * bearer credential in the cookie and must never reach the journal or a log.
 */
final class SessionRefs {

    private SessionRefs() {}

    static String of(String sessionId) {
        return "web:" + ApiTokens.sha256(sessionId).substring(0, 12);
    }
}
