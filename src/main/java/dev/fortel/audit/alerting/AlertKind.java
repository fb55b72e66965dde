package dev.fortel.audit.alerting;

import java.util.Optional;

/** What an e-mail alert is about; each kind has its own recipients. */
public enum AlertKind {
    /** Every sign-in of an employee the company watches. */
    WATCHED_SIGN_IN("watched_sign_in"),
    /** Someone searched, exported, played or downloaded VIP subscribers' calls. */
    VIP_ACCESS("vip_access"),
    /** An account was locked after failed sign-ins. */
    ACCOUNT_LOCKED("account_locked"),
    /** An administrator signed in from an address not seen for them before (the built-in correlation rule). */
    ADMIN_NEW_ADDRESS("admin_new_address"),
    /** The provider's support asked for access to the company, or the standing policy let it in at once. */
    SUPPORT_ACCESS("support_access"),
    /** Any other alert a correlation rule raised. */
    CORRELATION("correlation");

    private final String code;

    AlertKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<AlertKind> of(String code) {
        for (AlertKind k : values()) {
            if (k.code.equals(code)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
