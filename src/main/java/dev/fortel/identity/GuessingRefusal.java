package dev.fortel.identity;

import java.io.Serial;
import org.springframework.security.authentication.LockedException;

/**
 * An attempt refused before its password was checked, because the account is locked or the address is
 * blocked. The person signing in sees the same generic failure as for a wrong password; only the journal
 * records {@code reason}.
 */
final class GuessingRefusal extends LockedException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String reason;

    GuessingRefusal(String reason) {
        super("sign-in refused: " + reason);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
