package dev.fortel.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.fortel.identity.factors.FactorMethod;
import dev.fortel.platform.ValidationFailedException.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A company's sign-in settings: the password policy, how guessing is answered, how long sessions last,
 * how long integration tokens may live, and who must sign in with a second factor. A company that never edits them gets {@link #defaults}, built
 * from the provider-wide configuration, so nobody is left unprotected.
 *
 * <p>{@link #violations()} lists every rule the settings break, including combinations that no password
 * or no person could satisfy (classes that do not fit in the maximum length, a minimum age that reaches
 * the maximum age), so an administrator cannot save a policy that locks everybody out.
 */
record SignInPolicy(Password password, Lockout lockout, Sessions sessions, TokenLimits apiTokens, TwoFactor twoFactor) {

    /** Hard bounds. The minimum length never goes below NIST SP 800-63B's 8; the maximum never truncates a passphrase. */
    static final int MIN_LENGTH_FLOOR = 8;
    static final int MAX_LENGTH_FLOOR = 128;
    static final int MAX_LENGTH_CEILING = 1024;
    static final int HISTORY_CEILING = 24;

    enum CharClass {
        LOWER, UPPER, DIGIT, SYMBOL;

        @JsonValue
        String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        static CharClass of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }

        boolean matches(int codePoint) {
            return switch (this) {
                case LOWER -> Character.isLowerCase(codePoint);
                case UPPER -> Character.isUpperCase(codePoint);
                case DIGIT -> Character.isDigit(codePoint);
                case SYMBOL -> !Character.isLetterOrDigit(codePoint) && !Character.isWhitespace(codePoint);
            };
        }
    }

    enum LockMode {
        /** The lock ends by itself after its length (which doubles with each further lock, up to a cap). */
        TEMPORARY,
        /** The lock lasts until an administrator unlocks the account. */
        PERMANENT;

        @JsonValue
        String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        static LockMode of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * @param maxAge the password's lifetime; {@link Duration#ZERO} means it never expires (NIST's advice, and the default)
     * @param minAge how long a new password must be kept before the employee may change it again (stops cycling
     *     through the history); an administrator's reset is not bound by it
     */
    record Password(int minLength, int maxLength, Set<CharClass> requiredClasses, int history, Duration minAge, Duration maxAge) {
        Password {
            requiredClasses = requiredClasses == null ? Set.of() : Set.copyOf(requiredClasses);
        }

        @JsonIgnore
        boolean expires() {
            return !maxAge.isZero();
        }
    }

    record Lockout(int maxFailures, Duration window, Duration lock, Duration lockMax, LockMode mode) {}

    /** @param maxConcurrent console sessions one employee may hold at once; 0 for no limit */
    record Sessions(Duration idleTimeout, Duration absoluteLifetime, int maxConcurrent) {}

    /** Limits on long-lived integration tokens. */
    record TokenLimits(Duration maxLifetime) {}

    /** Who must sign in with a second factor. */
    enum TwoFactorMode {
        /** Nobody must; whoever enrolled a factor still uses it. */
        OFF,
        /** Employees holding a management function (as IP rules' administrators scope). */
        ADMINS,
        /** Every employee. */
        EVERYONE;

        @JsonValue
        String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        static TwoFactorMode of(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * @param required who must have a second factor; one who has none is led to enrollment and reaches nothing else
     * @param methods the methods people may enroll and sign in with (recovery codes always work while a factor is enrolled)
     * @param stepUp how recent a second factor must be for sensitive actions (revealing secrets, security changes, new tokens)
     * @param passkeySignIn whether a passkey may sign in on its own, without the password (it proves possession and,
     *     by the authenticator's PIN or biometrics, the person: two factors in one)
     */
    record TwoFactor(TwoFactorMode required, Set<FactorMethod> methods, Duration stepUp, boolean passkeySignIn) {
        TwoFactor {
            methods = methods == null ? Set.of() : Set.copyOf(methods);
        }
    }

    static SignInPolicy defaults(GuessingProperties guessing) {
        return new SignInPolicy(
                new Password(12, MAX_LENGTH_FLOOR, Set.of(), 5, Duration.ZERO, Duration.ZERO),
                new Lockout(guessing.accountMaxFailures(), guessing.accountWindow(), guessing.accountLock(), guessing.accountLockMax(),
                        LockMode.TEMPORARY),
                new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), 0),
                new TokenLimits(Duration.ofDays(90)),
                new TwoFactor(TwoFactorMode.OFF, EnumSet.allOf(FactorMethod.class), Duration.ofMinutes(15), false));
    }

    /** Every rule these settings break, with the field as the API names it; empty when they can be saved. */
    @JsonIgnore
    List<Violation> violations() {
        List<Violation> out = new ArrayList<>();
        Password p = password;
        if (p.minLength() < MIN_LENGTH_FLOOR || p.minLength() > MAX_LENGTH_CEILING) {
            out.add(new Violation("password.min_length", "policy.minLength",
                    "must be between " + MIN_LENGTH_FLOOR + " and " + MAX_LENGTH_CEILING, List.of(MIN_LENGTH_FLOOR, MAX_LENGTH_CEILING)));
        }
        if (p.maxLength() < MAX_LENGTH_FLOOR || p.maxLength() > MAX_LENGTH_CEILING) {
            out.add(new Violation("password.max_length", "policy.maxLength",
                    "must be between " + MAX_LENGTH_FLOOR + " and " + MAX_LENGTH_CEILING + ", so that long passphrases are never cut",
                    List.of(MAX_LENGTH_FLOOR, MAX_LENGTH_CEILING)));
        } else if (p.minLength() > p.maxLength()) {
            out.add(new Violation("password.min_length", "policy.minAboveMax",
                    "must not exceed the maximum length (" + p.maxLength() + "): no password could satisfy both", List.of(p.maxLength())));
        }
        if (p.history() < 0 || p.history() > HISTORY_CEILING) {
            out.add(new Violation("password.history", "policy.history",
                    "must be between 0 (no history) and " + HISTORY_CEILING, List.of(HISTORY_CEILING)));
        }
        nonNegative(out, "password.min_age", p.minAge());
        nonNegative(out, "password.max_age", p.maxAge());
        if (!p.maxAge().isNegative() && p.expires() && p.maxAge().compareTo(Duration.ofDays(1)) < 0) {
            out.add(new Violation("password.max_age", "policy.maxAgeShort",
                    "must be at least one day (P1D), or PT0S for passwords that never expire"));
        }
        if (p.expires() && !p.minAge().isNegative() && p.minAge().compareTo(p.maxAge()) >= 0) {
            out.add(new Violation("password.min_age", "policy.minAgeReachesMax",
                    "must be shorter than the maximum age, or nobody could change a password before it expires"));
        }
        if (p.minAge().compareTo(Duration.ofDays(30)) > 0) {
            out.add(new Violation("password.min_age", "policy.minAgeLong", "must be at most 30 days (P30D)"));
        }

        Lockout l = lockout;
        if (l.maxFailures() < 1 || l.maxFailures() > 100) {
            out.add(new Violation("lockout.max_failures", "policy.maxFailures", "must be between 1 and 100", List.of(1, 100)));
        }
        within(out, "lockout.window", l.window(), Duration.ofSeconds(1), Duration.ofDays(1), "PT1S", "P1D");
        within(out, "lockout.lock", l.lock(), Duration.ofSeconds(1), Duration.ofDays(1), "PT1S", "P1D");
        within(out, "lockout.lock_max", l.lockMax(), Duration.ofSeconds(1), Duration.ofDays(30), "PT1S", "P30D");
        if (!l.lock().isNegative() && !l.lockMax().isNegative() && l.lockMax().compareTo(l.lock()) < 0) {
            out.add(new Violation("lockout.lock_max", "policy.lockMaxBelowLock", "must be at least the first lock's length"));
        }
        if (l.mode() == null) {
            out.add(new Violation("lockout.mode", "policy.lockMode", "must be temporary or permanent"));
        }

        Sessions s = sessions;
        within(out, "sessions.idle_timeout", s.idleTimeout(), Duration.ofMinutes(1), Duration.ofDays(1), "PT1M", "P1D");
        within(out, "sessions.absolute_lifetime", s.absoluteLifetime(), Duration.ofMinutes(5), Duration.ofDays(30), "PT5M", "P30D");
        if (!s.idleTimeout().isNegative() && s.absoluteLifetime().compareTo(s.idleTimeout()) < 0) {
            out.add(new Violation("sessions.absolute_lifetime", "policy.absoluteBelowIdle", "must be at least the idle timeout"));
        }
        if (s.maxConcurrent() < 0 || s.maxConcurrent() > 100) {
            out.add(new Violation("sessions.max_concurrent", "policy.maxConcurrent", "must be between 0 (no limit) and 100"));
        }
        within(out, "api_tokens.max_lifetime", apiTokens.maxLifetime(), Duration.ofHours(1), Duration.ofDays(366), "PT1H", "P366D");
        if (twoFactor.required() == null) {
            out.add(new Violation("two_factor.required", "policy.twoFactorMode", "must be off, admins or everyone"));
        }
        if (twoFactor.methods().isEmpty()) {
            out.add(new Violation("two_factor.methods", "policy.twoFactorMethods",
                    "must allow at least one method (totp, email, sms, passkey), or nobody could enroll a second factor"));
        }
        within(out, "two_factor.step_up", twoFactor.stepUp(), Duration.ofMinutes(1), Duration.ofHours(12), "PT1M", "PT12H");
        if (twoFactor.passkeySignIn() && !twoFactor.methods().contains(FactorMethod.PASSKEY)) {
            out.add(new Violation("two_factor.passkey_sign_in", "policy.passkeySignIn",
                    "needs passkey among the allowed methods: a passkey that may not be used cannot sign anybody in"));
        }
        return out;
    }

    private static void nonNegative(List<Violation> out, String field, Duration d) {
        if (d.isNegative()) {
            out.add(new Violation(field, "policy.negative", "must not be negative; write PT0S for none"));
        }
    }

    private static void within(List<Violation> out, String field, Duration d, Duration min, Duration max, String minText, String maxText) {
        if (d.isNegative()) {
            out.add(new Violation(field, "policy.negative", "must not be negative; write PT0S for none"));
        } else if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            out.add(new Violation(field, "policy.durationRange", "must be between " + minText + " and " + maxText + " (ISO 8601 durations)",
                    List.of(minText, maxText)));
        }
    }

    /** Field-by-field differences, as the journal records them: {@code field -> [before, after]}. */
    static Map<String, Object[]> changes(SignInPolicy before, SignInPolicy after) {
        Map<String, Object[]> out = new LinkedHashMap<>();
        Map<String, Object> a = before.flat();
        Map<String, Object> b = after.flat();
        a.forEach((k, v) -> {
            if (!v.equals(b.get(k))) {
                out.put(k, new Object[] {v, b.get(k)});
            }
        });
        return out;
    }

    /** The settings as flat, printable fields (durations in ISO 8601), for the journal. */
    @JsonIgnore
    Map<String, Object> flat() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("password.min_length", password.minLength());
        m.put("password.max_length", password.maxLength());
        m.put("password.required_classes", String.join(",", new TreeSet<>(password.requiredClasses().stream().map(CharClass::code).toList())));
        m.put("password.history", password.history());
        m.put("password.min_age", password.minAge().toString());
        m.put("password.max_age", password.maxAge().toString());
        m.put("lockout.max_failures", lockout.maxFailures());
        m.put("lockout.window", lockout.window().toString());
        m.put("lockout.lock", lockout.lock().toString());
        m.put("lockout.lock_max", lockout.lockMax().toString());
        m.put("lockout.mode", lockout.mode() == null ? "" : lockout.mode().name().toLowerCase(Locale.ROOT));
        m.put("sessions.idle_timeout", sessions.idleTimeout().toString());
        m.put("sessions.absolute_lifetime", sessions.absoluteLifetime().toString());
        m.put("sessions.max_concurrent", sessions.maxConcurrent());
        m.put("api_tokens.max_lifetime", apiTokens.maxLifetime().toString());
        m.put("two_factor.required", twoFactor.required() == null ? "" : twoFactor.required().code());
        m.put("two_factor.methods", methodCodes(twoFactor.methods()));
        m.put("two_factor.step_up", twoFactor.stepUp().toString());
        m.put("two_factor.passkey_sign_in", twoFactor.passkeySignIn());
        return m;
    }

    static String methodCodes(Set<FactorMethod> methods) {
        return String.join(",", new TreeSet<>(methods.stream().map(FactorMethod::code).toList()));
    }

    static Set<FactorMethod> methods(String stored) {
        Set<FactorMethod> out = EnumSet.noneOf(FactorMethod.class);
        for (String c : stored.split(",")) {
            FactorMethod.fromCode(c.trim()).ifPresent(out::add);
        }
        return out;
    }

    static Set<CharClass> classes(String stored) {
        Set<CharClass> out = EnumSet.noneOf(CharClass.class);
        for (String c : stored.split(",")) {
            if (!c.isBlank()) {
                out.add(CharClass.valueOf(c.trim().toUpperCase(Locale.ROOT)));
            }
        }
        return out;
    }
}
