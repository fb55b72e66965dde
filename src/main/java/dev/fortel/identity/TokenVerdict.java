package dev.fortel.identity;

import dev.fortel.access.Subject;

/**
 * What a presented bearer token is worth. An unknown token (or one whose creator can no longer sign in) gets
 * the generic 401; a revoked or expired one gets a 401 that says so, because only its holder can present it
 * (256 random bits) and telling them why saves a support call.
 */
sealed interface TokenVerdict {

    /** @param secondFactorAt when the holder last proved a second factor with this token (sign-in tokens only) */
    record Accepted(Subject subject, java.time.@org.jspecify.annotations.Nullable Instant secondFactorAt) implements TokenVerdict {

        Accepted(Subject subject) {
            this(subject, null);
        }
    }

    enum Refused implements TokenVerdict {
        UNKNOWN, REVOKED, EXPIRED
    }
}
