package dev.fortel.identity;

import com.nulabinc.zxcvbn.StandardDictionaries;
import dev.fortel.identity.SignInPolicy.CharClass;
import dev.fortel.platform.LocalizedMessage;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.tenancy.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks a new password against the company's {@link SignInPolicy.Password} and reports <em>every</em> unmet
 * rule at once, so a person fixes them in one go. Applied wherever a password is chosen: activation, reset
 * link, self-service change, bootstrap.
 *
 * <p>The common-password list is zxcvbn's bundled 30,000 most frequent leaked passwords (NIST SP 800-63B
 * 5.1.1.2: "passwords obtained from previous breach corpuses"); the history compares the candidate with
 * the stored Argon2id hashes, since nothing reversible is kept.
 */
@Component
class PasswordPolicy {

    private static final Set<String> COMMON = loadCommon();

    private final SignInPolicies policies;
    private final Credentials credentials;
    private final PasswordEncoder encoder;
    private final Clock clock;

    PasswordPolicy(SignInPolicies policies, Credentials credentials, PasswordEncoder encoder, Clock clock) {
        this.policies = policies;
        this.credentials = credentials;
        this.encoder = encoder;
        this.clock = clock;
    }

    private static Set<String> loadCommon() {
        try {
            return Set.copyOf(StandardDictionaries.PASSWORDS_LOADER.load().getRankedDictionary().keySet());
        } catch (IOException e) {
            throw new UncheckedIOException("the bundled common-password list cannot be read", e);
        }
    }

    static int commonPasswordCount() {
        return COMMON.size();
    }

    /** Who chooses the password: their login and name must not be in it, their earlier passwords not reused. */
    record Holder(TenantId tenantId, @Nullable UUID employeeId, String login, String displayName) {}

    /**
     * Checks a password chosen through a link or by an administrator's bootstrap: every rule but the minimum age.
     *
     * @throws ValidationFailedException listing every unmet rule, all on field {@code password}
     */
    void check(Holder holder, String password) {
        List<Violation> unmet = unmet(policies.of(holder.tenantId()).password(), holder, password);
        if (!unmet.isEmpty()) {
            throw new ValidationFailedException(unmet);
        }
    }

    /** Checks a password the employee changes themselves: also refuses a change before the minimum age. */
    void checkChange(Holder holder, String password) {
        SignInPolicy.Password rules = policies.of(holder.tenantId()).password();
        List<Violation> unmet = unmet(rules, holder, password);
        if (holder.employeeId() != null && !rules.minAge().isZero()) {
            Optional<Instant> changed = credentials.changedAt(holder.tenantId(), holder.employeeId());
            if (changed.isPresent() && changed.get().plus(rules.minAge()).isAfter(clock.instant())) {
                long hours = Math.max(1, rules.minAge().toHours());
                unmet.add(0, new Violation("password", "password.tooSoon",
                        "was changed less than " + hours + " hours ago; the company's policy asks to keep a new password at least that long",
                        List.of(hours)));
            }
        }
        if (!unmet.isEmpty()) {
            throw new ValidationFailedException(unmet);
        }
    }

    /** Whether the employee's password has outlived the company's maximum age and must be changed before anything else. */
    boolean expired(TenantId tenant, UUID employee) {
        SignInPolicy.Password rules = policies.of(tenant).password();
        if (!rules.expires()) {
            return false;
        }
        return credentials.changedAt(tenant, employee).map(at -> !at.plus(rules.maxAge()).isAfter(clock.instant())).orElse(false);
    }

    List<Violation> unmet(SignInPolicy.Password rules, Holder holder, String password) {
        List<Violation> out = new ArrayList<>();
        int length = password.codePointCount(0, password.length());
        if (length < rules.minLength()) {
            out.add(new Violation("password", "password.tooShort",
                    "must be at least " + rules.minLength() + " characters; a phrase of several words is easy to remember",
                    List.of(rules.minLength())));
        }
        if (length > rules.maxLength()) {
            out.add(new Violation("password", "password.tooLong", "must be at most " + rules.maxLength() + " characters",
                    List.of(rules.maxLength())));
        }
        for (CharClass c : CharClass.values()) {
            if (rules.requiredClasses().contains(c) && password.codePoints().noneMatch(c::matches)) {
                out.add(new Violation("password", "password.needs." + c.code(), "must contain " + describe(c)));
            }
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (containsIdentity(lower, holder)) {
            out.add(new Violation("password", "password.containsLogin", "must not contain your login or name"));
        }
        if (COMMON.contains(lower) || COMMON.contains(lower.replaceAll("\\s+", ""))) {
            out.add(new Violation("password", "password.common",
                    "is one of the most common passwords, which attackers try first; choose another"));
        }
        if (out.isEmpty() && holder.employeeId() != null && rules.history() > 0 && reused(holder, password, rules.history())) {
            out.add(new Violation("password", "password.reused",
                    "must differ from your last " + rules.history() + " passwords", List.of(rules.history())));
        }
        return out;
    }

    /** Compares with the current hash and the newest earlier ones: {@code history} passwords in all. */
    private boolean reused(Holder holder, String password, int history) {
        return credentials.recentHashes(holder.tenantId(), holder.employeeId(), history).stream()
                .anyMatch(hash -> encoder.matches(password, hash));
    }

    private static boolean containsIdentity(String lowerPassword, Holder holder) {
        String login = holder.login().toLowerCase(Locale.ROOT);
        String local = login.contains("@") ? login.substring(0, login.indexOf('@')) : login;
        if (lowerPassword.equals(login) || local.length() >= 4 && lowerPassword.contains(local)) {
            return true;
        }
        for (String part : holder.displayName().toLowerCase(Locale.ROOT).split("[\\s.,'-]+")) {
            if (part.length() >= 4 && lowerPassword.contains(part)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(CharClass c) {
        return switch (c) {
            case LOWER -> "a lower-case letter";
            case UPPER -> "an upper-case letter";
            case DIGIT -> "a digit";
            case SYMBOL -> "a symbol such as ! or #";
        };
    }

    /** The rules as the person choosing a password reads them, next to the field. */
    List<LocalizedMessage> describe(TenantId tenant) {
        SignInPolicy.Password rules = policies.of(tenant).password();
        List<LocalizedMessage> out = new ArrayList<>();
        out.add(new LocalizedMessage("password.rule.length", "From " + rules.minLength() + " to " + rules.maxLength() + " characters",
                List.of(rules.minLength(), rules.maxLength())));
        for (CharClass c : CharClass.values()) {
            if (rules.requiredClasses().contains(c)) {
                out.add(new LocalizedMessage("password.rule." + c.code(), "At least " + describe(c), List.of()));
            }
        }
        out.add(new LocalizedMessage("password.rule.identity", "Not your login or name", List.of()));
        out.add(new LocalizedMessage("password.rule.common", "Not one of the " + COMMON.size() + " most common passwords",
                List.of(COMMON.size())));
        if (rules.history() > 0) {
            out.add(new LocalizedMessage("password.rule.history", "Not one of your last " + rules.history() + " passwords",
                    List.of(rules.history())));
        }
        if (rules.expires()) {
            out.add(new LocalizedMessage("password.rule.maxAge", "Valid for " + rules.maxAge().toDays() + " days",
                    List.of(rules.maxAge().toDays())));
        }
        if (!rules.minAge().isZero()) {
            long hours = Math.max(1, rules.minAge().toHours());
            out.add(new LocalizedMessage("password.rule.minAge", "Can be changed again after " + hours + " hours", List.of(hours)));
        }
        return out;
    }
}
