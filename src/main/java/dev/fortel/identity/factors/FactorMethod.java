package dev.fortel.identity.factors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of second factor people can enroll. Only methods that work end to end are listed: a company
 * cannot allow, and nobody can enroll, a method the product does not yet verify. Recovery codes are not
 * one: they stand in for a lost factor.
 */
public enum FactorMethod {
    /** An authenticator app's six-digit codes (RFC 6238). */
    TOTP,
    /** A code sent by e-mail to the login address. */
    EMAIL,
    /** A code sent by SMS through the provider's gateway to a number confirmed at enrollment. */
    SMS,
    /** A WebAuthn credential: a security key, or the phone's or computer's own authenticator. */
    PASSKEY;

    /** Whether codes of this method are sent (e-mail, SMS) rather than shown by an app. */
    public boolean sent() {
        return this == EMAIL || this == SMS;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FactorMethod of(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown second-factor method: " + code));
    }

    public static Optional<FactorMethod> fromCode(String code) {
        for (FactorMethod m : values()) {
            if (m.code().equals(code)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
