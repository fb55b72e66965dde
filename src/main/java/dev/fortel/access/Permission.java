package dev.fortel.access;

/** The functions a role can grant. Codes are stable: they appear in the journal and in the API. */
public enum Permission {
    EMPLOYEES_VIEW("employees.view"),
    EMPLOYEES_MANAGE("employees.manage"),
    GROUPS_VIEW("groups.view"),
    GROUPS_MANAGE("groups.manage"),
    JOURNAL_VIEW("journal.view"),
    JOURNAL_VERIFY("journal.verify"),
    TENANTS_MANAGE("tenants.manage");

    private final String code;

    Permission(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
