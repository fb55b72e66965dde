package dev.fortel.audit;

import java.util.List;

/** The catalog of journal event types. Codes are stable: SIEM rules and API filters depend on them. */
public final class JournalTypes {

    public static final String TENANT_CREATED = "tenant.created";
    public static final String OWNER_INVITED = "tenant.owner.invited";
    public static final String OPERATOR_BOOTSTRAPPED = "provider.operator.bootstrapped";
    public static final String EMPLOYEE_CREATED = "employee.created";
    public static final String EMPLOYEE_UPDATED = "employee.updated";
    public static final String EMPLOYEE_DISABLED = "employee.disabled";
    public static final String EMPLOYEE_ENABLED = "employee.enabled";
    public static final String EMPLOYEE_DELETED = "employee.deleted";
    public static final String GROUP_CREATED = "group.created";
    public static final String GROUP_UPDATED = "group.updated";
    public static final String GROUP_DELETED = "group.deleted";
    public static final String SIGN_IN_SUCCEEDED = "auth.login.succeeded";
    public static final String SIGN_IN_FAILED = "auth.login.failed";
    public static final String SIGNED_OUT = "auth.logout";
    public static final String ACCOUNT_ACTIVATED = "auth.account.activated";
    public static final String TOKENS_REVOKED = "auth.tokens.revoked";
    public static final String SESSIONS_ENDED = "auth.sessions.ended";
    public static final String ACTIVATION_ISSUED = "auth.activation.issued";
    public static final String ACCOUNT_LOCKED = "auth.account.locked";
    public static final String ACCOUNT_UNLOCKED = "auth.account.unlocked";
    public static final String ADDRESS_BLOCKED = "auth.ip.blocked";
    public static final String JOURNAL_VERIFIED = "journal.verified";
    public static final String SIGN_IN_POLICY_CHANGED = "security.settings.changed";

    // Sessions, password changes and integration tokens.
    public static final String SESSION_ENDED = "auth.session.ended";
    public static final String SESSION_EXPIRED = "auth.session.expired";
    public static final String PASSWORD_CHANGED = "auth.password.changed";
    public static final String INTEGRATION_TOKEN_CREATED = "integration.token.created";
    public static final String INTEGRATION_TOKEN_REVOKED = "integration.token.revoked";
    public static final String INTEGRATION_TOKEN_NEW_ADDRESS = "integration.token.new_address";
    private static final List<String> SESSIONS_AND_TOKENS = List.of(SESSION_ENDED, SESSION_EXPIRED, PASSWORD_CHANGED,
            INTEGRATION_TOKEN_CREATED, INTEGRATION_TOKEN_REVOKED, INTEGRATION_TOKEN_NEW_ADDRESS);

    public static final List<String> ALL = concat(List.of(TENANT_CREATED, OWNER_INVITED, OPERATOR_BOOTSTRAPPED, EMPLOYEE_CREATED,
            EMPLOYEE_UPDATED, EMPLOYEE_DISABLED, EMPLOYEE_ENABLED, EMPLOYEE_DELETED, GROUP_CREATED, GROUP_UPDATED, GROUP_DELETED,
            SIGN_IN_SUCCEEDED, SIGN_IN_FAILED, SIGNED_OUT, ACCOUNT_ACTIVATED, ACTIVATION_ISSUED, ACCOUNT_LOCKED, ACCOUNT_UNLOCKED, ADDRESS_BLOCKED, TOKENS_REVOKED, SESSIONS_ENDED, JOURNAL_VERIFIED,
            SIGN_IN_POLICY_CHANGED), SESSIONS_AND_TOKENS);

    private JournalTypes() {}

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
