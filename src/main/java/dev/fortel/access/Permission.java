package dev.fortel.access;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The catalog of functions a role can grant. Codes are stable: they appear in the journal, in integration
 * tokens' scopes and in the API. Each carries its English description; the Russian one is the message
 * {@code function.<code>} (see {@link #messageKey()}).
 */
public enum Permission {
    EMPLOYEES_VIEW("employees.view", "See colleagues: names, contacts, groups, supervisors, roles", EnumSet.allOf(Scope.class)),
    EMPLOYEES_MANAGE("employees.manage", "Create, change, disable and delete employees; issue activation links and password resets; end their sessions",
            EnumSet.allOf(Scope.class)),
    GROUPS_VIEW("groups.view", "See groups and their members", EnumSet.allOf(Scope.class)),
    GROUPS_MANAGE("groups.manage", "Create, change and delete groups", EnumSet.allOf(Scope.class)),
    ROLES_VIEW("roles.view", "See roles, their functions, and the functions of each employee with where they come from"),
    /** Change the company's roles; nobody can put into a role a function, or a reach, they do not hold themself. */
    ROLES_MANAGE("roles.manage", "Create, change and delete the company's roles and reset built-in roles (within one's own functions)"),
    JOURNAL_VIEW("journal.view", "Read the security journal", EnumSet.allOf(Scope.class)),
    JOURNAL_VERIFY("journal.verify", "Check the journal's integrity chain"),
    /** Where the journal goes: the company's syslog receivers (its SIEM). Every change is journaled and needs a recent second factor. */
    JOURNAL_DELIVERY_MANAGE("journal.delivery.manage", "See and change where the journal is sent (syslog receivers of the company's SIEM) and how long it is kept"),
    /** Security alerts raised by correlation rules, the rules themselves, and who is mailed which alerts. Changes need a recent second factor. */
    SECURITY_ALERTS_MANAGE("journal.alerts.manage", "See and handle security alerts; set correlation rules and who receives e-mail alerts"),
    /** Sign-in policies of the caller's company: password rules, lockout, IP rules, sessions, token lifetimes. */
    SECURITY_SETTINGS_VIEW("security.settings.view", "See the sign-in settings: password policy, lockout, IP rules, sessions"),
    SECURITY_SETTINGS_MANAGE("security.settings.manage", "Change the sign-in settings: password policy, lockout, IP rules, sessions"),
    /** Corporate sign-in (identity.ldap): who the directory creates and which roles its groups carry, so never for support. */
    CORPORATE_SIGN_IN_MANAGE("corporate_sign_in.manage",
            "Connect the company's LDAP / Active Directory and SAML identity provider: connections, attribute and group-to-role mapping, "
                    + "synchronization, SSO only"),
    /** SIP accounts of employees (telephony): who registers which phone. Object-scoped like employees. */

    SIP_ACCOUNTS_VIEW("sip.accounts.view", "See employees' SIP accounts: username, domain, when the password last changed", EnumSet.allOf(Scope.class)),
    SIP_ACCOUNTS_MANAGE("sip.accounts.manage", "Create and delete employees' SIP accounts and generate new passwords for them", EnumSet.allOf(Scope.class)),
    /** Revealing a SIP password: journaled, and it needs a recent second factor of whoever has one. */
    SIP_CREDENTIALS_REVEAL("sip.credentials.reveal", "Reveal SIP account passwords (each reveal is journaled)", EnumSet.allOf(Scope.class)),
    /** Call history (telephony): searching is journaled with its filters; object-scoped by the call's employee. */
    CALLS_HISTORY_VIEW("calls.history.view", "Search the call history (each search is journaled with its filters)", EnumSet.allOf(Scope.class)),
    /** Call recordings: playing and downloading are separate functions, each journaled; object-scoped by the call's employee. */
    RECORDINGS_LISTEN("recordings.listen", "Listen to call recordings (each recording opened is journaled)", EnumSet.allOf(Scope.class)),
    RECORDINGS_DOWNLOAD("recordings.download", "Download call recordings (each download is journaled)", EnumSet.allOf(Scope.class)),
    RECORDINGS_MANAGE("recordings.manage", "Set how long recordings are kept and the FTPS server they are delivered to"),
    /** For the media layer's integration token: sending call records. */
    CALLS_INGEST("calls.ingest", "Send call records and their recordings (the media layer's integration)"),
    /** Calling policies (telephony): where outgoing calls may go. The SIP edge asks the decision with this function. */
    TELEPHONY_POLICIES_VIEW("telephony.policies.view", "See the calling policies and ask whether a call may go out"),
    TELEPHONY_POLICIES_MANAGE("telephony.policies.manage", "Change the calling policies: allowed destination countries, premium-rate blocking"),
    /** Long-lived API tokens for integrations (a token's scope never exceeds its creator's functions). */
    INTEGRATIONS_MANAGE("integrations.manage", "Create and revoke integration tokens (within one's own functions)"),
    /** A client company's side of support access: the provider's staff act inside only within what this approves. */
    SUPPORT_ACCESS_APPROVE("support.access.approve", "Approve, narrow, deny and revoke the provider's support access to the company, and set its standing policy"),
    /** Provider only: a support agent's request for access to a client company, and acting within the approved grant. */
    SUPPORT_ACCESS_REQUEST("support.access.request", "Provider: ask client companies for support access and act within what they approve"),
    /** Provider only: every agent's requests and grants, for the support lead and the provider's security team. */
    SUPPORT_REQUESTS_VIEW("support.requests.view", "Provider: see every support agent's access requests and grants"),
    /** Provider only: client companies, provider-wide deny-list, outbound mail settings and the local outbox. */
    TENANTS_MANAGE("tenants.manage", "Provider: client companies, the provider-wide deny-list, outbound mail and the local outbox");

    private final String code;
    private final String description;
    private final Set<Scope> scopes;

    Permission(String code, String description) {
        this(code, description, EnumSet.of(Scope.TENANT));
    }

    /** @param scopes the scopes a grant of this function may have: only those the product enforces for it */
    Permission(String code, String description, Set<Scope> scopes) {
        this.code = code;
        this.description = description;
        this.scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    }

    /**
     * The scopes a role's grant of this function may have. A function is offered a narrower scope only where every
     * endpoint that uses it narrows its answer accordingly (employees and groups by the object's place in the company,
     * the journal by whom an event concerns); elsewhere it is granted company-wide or not at all, so that a role never
     * promises a limit the product does not keep.
     */
    public Set<Scope> scopes() {
        return scopes;
    }

    public String code() {
        return code;
    }

    /** What the function allows, in English (the API's default language). */
    public String description() {
        return description;
    }

    /** The message key of the description in other languages. */
    public String messageKey() {
        return "function." + code;
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
