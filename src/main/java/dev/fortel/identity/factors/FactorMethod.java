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
    TOTP;

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
