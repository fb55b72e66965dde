package dev.fortel.identity;

import dev.fortel.platform.ValidationFailedException;
import java.util.Locale;

/**
 * The baseline every password meets (NIST SP 800-63B: length over composition rules, no upper bound that
 * truncates passphrases, not the login itself). Tenant-configurable policies build on this.
 */
final class PasswordRules {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    private PasswordRules() {}

    static void check(String password, String login) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw ValidationFailedException.of("password", "password.tooShort",
                    "must be at least " + MIN_LENGTH + " characters; a phrase of several words is easy to remember", MIN_LENGTH);
        }
        if (password.length() > MAX_LENGTH) {
            throw ValidationFailedException.of("password", "password.tooLong", "must be at most " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String local = login.contains("@") ? login.substring(0, login.indexOf('@')) : login;
        if (lower.equals(login) || local.length() >= 4 && lower.contains(local.toLowerCase(Locale.ROOT))) {
            throw ValidationFailedException.of("password", "password.containsLogin", "must not contain your login");
        }
    }
}
