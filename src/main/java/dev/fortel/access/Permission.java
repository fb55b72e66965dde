package dev.fortel.access;

/** The functions a role can grant. Codes are stable: they appear in the journal and in the API. */
public enum Permission {
    EMPLOYEES_VIEW("employees.view"),
    EMPLOYEES_MANAGE("employees.manage"),
    GROUPS_VIEW("groups.view"),
    GROUPS_MANAGE("groups.manage"),
    JOURNAL_VIEW("journal.view"),
    JOURNAL_VERIFY("journal.verify"),
    /** Sign-in policies of the caller's company: password rules, lockout, IP rules, sessions, token lifetimes. */
    SECURITY_SETTINGS_VIEW("security.settings.view"),
    SECURITY_SETTINGS_MANAGE("security.settings.manage"),
    /** Long-lived API tokens for integrations (a token's scope never exceeds its creator's functions). */
    INTEGRATIONS_MANAGE("integrations.manage"),
    /** Provider only: client companies, provider-wide deny-list, outbound mail settings and the local outbox. */
    TENANTS_MANAGE("tenants.manage");

    private final String code;

    Permission(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The permission with this stable code, if there is one (codes arrive from clients, e.g. an integration token's scope). */
    public static java.util.Optional<Permission> ofCode(String code) {
        for (Permission p : values()) {
            if (p.code.equals(code)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }
}
