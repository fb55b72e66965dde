package dev.fortel.audit;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.AccessEvents;
import dev.fortel.access.Subject;
import dev.fortel.audit.JournalEntry.Actor;
import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.directory.DirectoryEvents;
import dev.fortel.identity.CorporateSignInEvents;
import dev.fortel.identity.IdentityEvents;
import dev.fortel.identity.IpRuleEvents;
import dev.fortel.notification.NotificationEvents;
import dev.fortel.onboarding.OnboardingEvents;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.geo.CountryDatabase;
import dev.fortel.telephony.TelephonyEvents;
import dev.fortel.tenancy.TenantCreated;
import dev.fortel.tenancy.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Translates the other modules' events into journal entries, synchronously, on the publishing thread and
 * so inside the publisher's transaction. Type codes are the stable catalog in {@link JournalTypes}.
 */
@Component
class JournalRecorder {

    private final Journal journal;
    private final CountryDatabase countries;

    JournalRecorder(Journal journal, CountryDatabase countries) {
        this.journal = journal;
        this.countries = countries;
    }

    @EventListener
    void on(TenantCreated e) {
        record(e.tenantId(), JournalTypes.TENANT_CREATED, Outcome.SUCCESS, target("tenant", e.tenantId().toString(), e.name()), Map.of("name", e.name()));
        // The provider's journal keeps what its staff did too. Companies are created in the platform context, so the
        // copy is written in the same transaction.
        Subject s = AccessDecisions.currentOrNull();
        if (s != null && s.provider() && !s.tenantId().equals(e.tenantId())) {
            record(s.tenantId(), JournalTypes.TENANT_CREATED, Outcome.SUCCESS, target("tenant", e.tenantId().toString(), e.name()),
                    Map.of("name", e.name(), "company", e.tenantId().toString()));
        }
    }

    @EventListener
    void on(DirectoryEvents.EmployeeCreated e) {
        record(e.tenantId(), JournalTypes.EMPLOYEE_CREATED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()),
                Map.of("after", e.fields()));
    }

    @EventListener
    void on(DirectoryEvents.EmployeeUpdated e) {
        record(e.tenantId(), JournalTypes.EMPLOYEE_UPDATED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()),
                changes(e.changes()));
    }

    @EventListener
    void on(DirectoryEvents.EmployeeDisabled e) {
        record(e.tenantId(), JournalTypes.EMPLOYEE_DISABLED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()), Map.of());
    }

    @EventListener
    void on(DirectoryEvents.EmployeeEnabled e) {
        record(e.tenantId(), JournalTypes.EMPLOYEE_ENABLED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()), Map.of());
    }

    @EventListener
    void on(DirectoryEvents.EmployeeAccessCopied e) {
        Map<String, Object> details = new LinkedHashMap<>(changes(e.changes()));
        details.put("from", Map.of("id", e.fromId().toString(), "login", e.fromLogin()));
        record(e.tenantId(), JournalTypes.EMPLOYEE_ACCESS_COPIED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()), details);
    }

    @EventListener
    void on(DirectoryEvents.EmployeeExpired e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.EMPLOYEE_EXPIRED, Outcome.SUCCESS, new Actor(null, "system", null, null, null),
                target("employee", e.employeeId().toString(), e.login()), Map.of("expires_at", e.expiresAt().toString())));
    }

    @EventListener
    void on(DirectoryEvents.EmployeeDeleted e) {
        record(e.tenantId(), JournalTypes.EMPLOYEE_DELETED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()),
                Map.of("display_name", e.displayName()));
    }

    @EventListener
    void on(DirectoryEvents.GroupCreated e) {
        record(e.tenantId(), JournalTypes.GROUP_CREATED, Outcome.SUCCESS, target("group", e.groupId().toString(), e.name()), Map.of("name", e.name()));
    }

    @EventListener
    void on(DirectoryEvents.GroupUpdated e) {
        record(e.tenantId(), JournalTypes.GROUP_UPDATED, Outcome.SUCCESS, target("group", e.groupId().toString(), e.name()), changes(e.changes()));
    }

    @EventListener
    void on(DirectoryEvents.GroupDeleted e) {
        record(e.tenantId(), JournalTypes.GROUP_DELETED, Outcome.SUCCESS, target("group", e.groupId().toString(), e.name()), Map.of());
    }

    @EventListener
    void on(AccessEvents.RoleCreated e) {
        record(e.tenantId(), JournalTypes.ROLE_CREATED, Outcome.SUCCESS, target("role", e.code(), e.name()), Map.of("after", e.fields()));
    }

    @EventListener
    void on(AccessEvents.RoleChanged e) {
        record(e.tenantId(), JournalTypes.ROLE_CHANGED, Outcome.SUCCESS, target("role", e.code(), e.code()), changes(e.changes()));
    }

    @EventListener
    void on(AccessEvents.RoleDeleted e) {
        record(e.tenantId(), JournalTypes.ROLE_DELETED, Outcome.SUCCESS, target("role", e.code(), e.name()), Map.of("before", e.fields()));
    }

    @EventListener
    void on(AccessEvents.RoleReset e) {
        record(e.tenantId(), JournalTypes.ROLE_RESET, Outcome.SUCCESS, target("role", e.code(), e.code()), changes(e.changes()));
    }

    @EventListener
    void on(IdentityEvents.SignInSucceeded e) {
        Subject s = e.subject();
        journal.append(new Journal.Draft(s.tenantId(), JournalTypes.SIGN_IN_SUCCEEDED, Outcome.SUCCESS,
                new Actor(s.employeeId(), s.displayName(), e.ip(), e.userAgent(), s.sessionRef()),
                target("employee", s.employeeId().toString(), s.login()),
                signInDetails(e.method(), s.login(), s.roles().stream().map(dev.fortel.access.Role::code).sorted().toList(), e.ip())));
    }

    /**
     * The roles held at sign-in (rules tell an administrator's sign-in from anyone's) and the address's country, fixed
     * when it happened: the country database changes, the journal must not.
     */
    private Map<String, Object> signInDetails(String method, String login, List<String> roles, @Nullable String ip) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", method);
        details.put("login", login);
        details.put("roles", roles);
        countries.country(ip).ifPresent(c -> details.put("country", c));
        return details;
    }

    @EventListener
    void on(IdentityEvents.SignInFailed e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("login", e.login());
        details.put("method", e.method());
        details.put("reason", e.reason());
        countries.country(e.ip()).ifPresent(c -> details.put("country", c));
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.SIGN_IN_FAILED, Outcome.FAILURE,
                new Actor(null, e.login(), e.ip(), e.userAgent(), null),
                e.employeeId() == null ? Target.NONE : target("employee", e.employeeId().toString(), e.login()), details));
    }

    @EventListener
    void on(IdentityEvents.SignedOut e) {
        Subject s = e.subject();
        journal.append(new Journal.Draft(s.tenantId(), JournalTypes.SIGNED_OUT, Outcome.SUCCESS,
                new Actor(s.employeeId(), s.displayName(), e.ip(), e.userAgent(), s.sessionRef()),
                target("employee", s.employeeId().toString(), s.login()), Map.of("method", e.method())));
    }

    @EventListener
    void on(IdentityEvents.AccountActivated e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.ACCOUNT_ACTIVATED, Outcome.SUCCESS,
                new Actor(e.employeeId(), e.login(), e.ip(), e.userAgent(), null),
                target("employee", e.employeeId().toString(), e.login()), Map.of("link", e.purpose())));
    }

    @EventListener
    void on(IdentityEvents.AccountLocked e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("until", e.until() == null ? null : e.until().toString());
        details.put("mode", e.until() == null ? "permanent" : "temporary");
        details.put("failures", e.failures());
        details.put("lock_number", e.lockNumber());
        details.put("ip", e.ip());
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.ACCOUNT_LOCKED, Outcome.SUCCESS,
                new Actor(null, "system", e.ip(), null, null), target("employee", e.employeeId().toString(), e.login()), details));
    }

    @EventListener
    void on(IdentityEvents.AccountUnlocked e) {
        record(e.tenantId(), JournalTypes.ACCOUNT_UNLOCKED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()), Map.of());
    }

    @EventListener
    void on(IdentityEvents.AddressBlocked e) {
        journal.append(new Journal.Draft(e.providerTenantId(), JournalTypes.ADDRESS_BLOCKED, Outcome.SUCCESS,
                new Actor(null, "system", e.ip(), null, null), new Target("ip", e.ip(), e.ip()),
                Map.of("until", e.until().toString(), "failures", e.failures())));
    }

    @EventListener
    void on(IdentityEvents.ConsoleSessionsEnded e) {
        record(e.tenantId(), JournalTypes.SESSIONS_ENDED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), null),
                Map.of("count", e.count(), "reason", e.reason()));
    }

    @EventListener
    void on(IdentityEvents.ApiTokensRevoked e) {
        record(e.tenantId(), JournalTypes.TOKENS_REVOKED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), null),
                Map.of("count", e.count(), "reason", e.reason()));
    }

    @EventListener
    void on(OnboardingEvents.OperatorBootstrapped e) {
        record(e.tenantId(), JournalTypes.OPERATOR_BOOTSTRAPPED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()),
                Map.of("method", e.method()));
    }

    @EventListener
    void on(OnboardingEvents.EmployeeInvited e) {
        record(e.tenantId(), JournalTypes.ACTIVATION_ISSUED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()),
                Map.of("replaces_password", e.hadPassword()));
    }

    @EventListener
    void on(OnboardingEvents.OwnerInvited e) {
        record(e.tenantId(), JournalTypes.OWNER_INVITED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()),
                Map.of("invited_by", e.invitedBy()));
    }

    // Password resets by e-mail (onboarding) and outbound mail (notification).

    @EventListener
    void on(OnboardingEvents.PasswordResetIssued e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("password_removed", e.passwordRemoved());
        details.put("mailed_to", e.login());
        details.put("message_id", e.messageId().toString());
        record(e.tenantId(), JournalTypes.PASSWORD_RESET_ISSUED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()), details);
    }

    @EventListener
    void on(OnboardingEvents.PasswordResetRequested e) {
        boolean mailed = "mailed".equals(e.outcome());
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.PASSWORD_RESET_REQUESTED, mailed ? Outcome.SUCCESS : Outcome.FAILURE,
                new Actor(null, e.login(), e.ip(), e.userAgent(), null),
                e.employeeId() == null ? Target.NONE : target("employee", e.employeeId().toString(), e.login()),
                Map.of("login", e.login(), "outcome", e.outcome())));
    }

    @EventListener
    void on(OnboardingEvents.PasswordResetRefused e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.PASSWORD_RESET_REFUSED, Outcome.FAILURE,
                new Actor(null, e.login(), e.ip(), e.userAgent(), null),
                e.employeeId() == null ? Target.NONE : target("employee", e.employeeId().toString(), e.login()),
                Map.of("login", e.login(), "reason", e.reason())));
    }

    @EventListener
    void on(NotificationEvents.MailQueued e) {
        record(e.tenantId(), JournalTypes.MAIL_QUEUED, Outcome.SUCCESS, target("mail", e.messageId().toString(), e.recipient()),
                Map.of("kind", e.kind(), "to", e.recipient()));
    }

    @EventListener
    void on(NotificationEvents.MailSettingsChanged e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", e.before());
        details.put("after", e.after());
        record(e.providerTenantId(), JournalTypes.MAIL_SETTINGS_CHANGED, Outcome.SUCCESS, new Target("mail_settings", "smtp", null), details);
    }

    @EventListener
    void on(NotificationEvents.MailSettingsRemoved e) {
        record(e.providerTenantId(), JournalTypes.MAIL_SETTINGS_REMOVED, Outcome.SUCCESS, new Target("mail_settings", "smtp", null),
                Map.of("before", e.before()));
    }

    @EventListener
    void on(NotificationEvents.OutboxMessageOpened e) {
        record(e.providerTenantId(), JournalTypes.MAIL_MESSAGE_OPENED, Outcome.SUCCESS, target("mail", e.messageId().toString(), e.recipient()),
                Map.of("kind", e.kind(), "to", e.recipient(), "company", e.messageTenantId().toString()));
    }

    @EventListener
    void on(NotificationEvents.MailDeliveryFailed e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", e.kind());
        details.put("to", e.recipient());
        details.put("company", e.messageTenantId().toString());
        details.put("attempts", e.attempts());
        details.put("error", e.error());
        record(e.providerTenantId(), JournalTypes.MAIL_DELIVERY_FAILED, Outcome.FAILURE, target("mail", e.messageId().toString(), e.recipient()),
                details);
    }

    /** An event caused by the signed-in caller of the current request (or by the system, outside one). */
    // --- IP rules ---

    @EventListener
    void on(IpRuleEvents.RuleCreated e) {
        record(e.tenantId(), JournalTypes.IP_RULE_CREATED, Outcome.SUCCESS, target("ip_rule", e.ruleId().toString(), e.address()),
                Map.of("after", e.after()));
    }

    @EventListener
    void on(IpRuleEvents.RuleUpdated e) {
        record(e.tenantId(), JournalTypes.IP_RULE_UPDATED, Outcome.SUCCESS, target("ip_rule", e.ruleId().toString(), e.address()),
                Map.of("before", e.before(), "after", e.after()));
    }

    @EventListener
    void on(IpRuleEvents.RuleDeleted e) {
        record(e.tenantId(), JournalTypes.IP_RULE_DELETED, Outcome.SUCCESS, target("ip_rule", e.ruleId().toString(), e.address()),
                Map.of("before", e.before()));
    }

    @EventListener
    void on(IpRuleEvents.DenyEntryCreated e) {
        record(e.providerTenantId(), JournalTypes.IP_DENY_CREATED, Outcome.SUCCESS, target("ip_deny", e.entryId().toString(), e.address()),
                Map.of("after", e.after()));
    }

    @EventListener
    void on(IpRuleEvents.DenyEntryUpdated e) {
        record(e.providerTenantId(), JournalTypes.IP_DENY_UPDATED, Outcome.SUCCESS, target("ip_deny", e.entryId().toString(), e.address()),
                Map.of("before", e.before(), "after", e.after()));
    }

    @EventListener
    void on(IpRuleEvents.DenyEntryDeleted e) {
        record(e.providerTenantId(), JournalTypes.IP_DENY_DELETED, Outcome.SUCCESS, target("ip_deny", e.entryId().toString(), e.address()),
                Map.of("before", e.before()));
    }

    @EventListener
    void on(IpRuleEvents.AddressRefused e) {
        UUID rule = e.ruleId();
        UUID employee = e.employeeId();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("login", e.login());
        details.put("ip", e.ip());
        details.put("list", e.list());
        details.put("rule_id", rule == null ? null : rule.toString());
        details.put("scope", e.scope());
        details.put("reason", e.reason());
        details.put("channel", e.channel());
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.ADDRESS_REFUSED, Outcome.FAILURE,
                new Actor(employee, e.login(), e.ip(), e.userAgent(), e.session()),
                employee == null ? Target.NONE : target("employee", employee.toString(), e.login()), details));
    }

    /** An event caused by the signed-in caller of the current request (or by the system, outside one). */
    private void record(TenantId tenant, String type, Outcome outcome, Target target, Map<String, ?> details) {
        journal.append(new Journal.Draft(tenant, type, outcome, currentActor(), target, details));
    }

    static Actor currentActor() {
        Subject s = AccessDecisions.currentOrNull();
        RequestOrigin origin = RequestOrigin.current();
        if (s == null) {
            return new Actor(null, origin.ip() == null ? "system" : null, origin.ip(), origin.userAgent(), null);
        }
        return new Actor(s.employeeId(), s.displayName(), origin.ip(), origin.userAgent(), s.sessionRef());
    }

    private static Target target(String kind, @Nullable String id, @Nullable String name) {
        return new Target(kind, id, name);
    }

    @EventListener
    void on(IdentityEvents.AccountLockEnded e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.ACCOUNT_LOCK_ENDED, Outcome.SUCCESS, new Actor(null, "system", null, null, null),
                target("employee", e.employeeId().toString(), e.login()), Map.of("locked_until", e.lockedUntil().toString())));
    }

    @EventListener
    void on(IdentityEvents.SignInPolicyChanged e) {
        record(e.tenantId(), JournalTypes.SIGN_IN_POLICY_CHANGED, Outcome.SUCCESS, target("tenant", e.tenantId().toString(), null),
                changes(e.changes()));
    }

    // The company's LDAP / Active Directory.

    @EventListener
    void on(CorporateSignInEvents.DirectoryChanged e) {
        Map<String, Object> details = new LinkedHashMap<>(changes(e.changes()));
        details.put("created", e.created());
        record(e.tenantId(), JournalTypes.LDAP_CHANGED, Outcome.SUCCESS, target("directory", e.tenantId().toString(), null), details);
    }

    @EventListener
    void on(CorporateSignInEvents.DirectoryRemoved e) {
        record(e.tenantId(), JournalTypes.LDAP_REMOVED, Outcome.SUCCESS, target("directory", e.tenantId().toString(), e.url()),
                Map.of("url", e.url(), "unlinked_accounts", e.linkedAccounts()));
    }

    @EventListener
    void on(CorporateSignInEvents.DirectoryTested e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ok", e.ok());
        if (e.problem() != null) {
            details.put("problem", e.problem());
        }
        details.put("detail", e.detail());
        details.put("users_found", e.usersFound());
        record(e.tenantId(), JournalTypes.LDAP_TESTED, e.ok() ? Outcome.SUCCESS : Outcome.FAILURE, target("directory", e.tenantId().toString(),
                e.url()), details);
    }

    @EventListener
    void on(CorporateSignInEvents.DirectorySynchronized e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sync_id", e.syncId().toString());
        details.put("started_by", e.startedBy());
        details.put("outcome", e.outcome());
        details.put("created", e.created());
        details.put("updated", e.updated());
        details.put("disabled", e.disabled());
        details.put("errors", e.errors());
        details.put("problems", e.problems());
        record(e.tenantId(), JournalTypes.LDAP_SYNCED, "failed".equals(e.outcome()) ? Outcome.FAILURE : Outcome.SUCCESS,
                target("directory", e.tenantId().toString(), null), details);
    }

    @EventListener
    void on(CorporateSignInEvents.AccountLinked e) {
        record(e.tenantId(), JournalTypes.LDAP_ACCOUNT_LINKED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()),
                Map.of("login", e.login()));
    }

    // The company's SAML identity provider.

    @EventListener
    void on(CorporateSignInEvents.SsoChanged e) {
        Map<String, Object> details = new LinkedHashMap<>(changes(e.changes()));
        details.put("created", e.created());
        record(e.tenantId(), JournalTypes.SSO_CHANGED, Outcome.SUCCESS, target("identity_provider", e.tenantId().toString(), null), details);
    }

    @EventListener
    void on(CorporateSignInEvents.SsoRemoved e) {
        record(e.tenantId(), JournalTypes.SSO_REMOVED, Outcome.SUCCESS, target("identity_provider", e.tenantId().toString(), e.idpEntityId()),
                Map.of("idp_entity_id", e.idpEntityId(), "accounts", e.accounts()));
    }

    // Sessions, password changes and integration tokens.

    @EventListener
    void on(IdentityEvents.SessionEnded e) {
        record(e.tenantId(), JournalTypes.SESSION_ENDED, Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.login()),
                Map.of("session", e.session(), "reason", e.reason()));
    }

    /** Ended by the system when the session was next used; the address is the one that tried to use it. */
    @EventListener
    void on(IdentityEvents.SessionExpired e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.SESSION_EXPIRED, Outcome.SUCCESS,
                new Actor(null, "system", e.ip(), e.userAgent(), e.session()), target("employee", e.employeeId().toString(), e.login()),
                Map.of("session", e.session(), "reason", e.reason())));
    }

    @EventListener
    void on(IdentityEvents.PasswordChanged e) {
        Subject s = e.subject();
        journal.append(new Journal.Draft(s.tenantId(), JournalTypes.PASSWORD_CHANGED, Outcome.SUCCESS,
                new Actor(s.employeeId(), s.displayName(), e.ip(), e.userAgent(), s.sessionRef()),
                target("employee", s.employeeId().toString(), s.login()), Map.of("method", "self_service")));
    }

    @EventListener
    void on(IdentityEvents.PasswordChangeRefused e) {
        Subject s = e.subject();
        journal.append(new Journal.Draft(s.tenantId(), JournalTypes.PASSWORD_CHANGED, Outcome.FAILURE,
                new Actor(s.employeeId(), s.displayName(), e.ip(), e.userAgent(), s.sessionRef()),
                target("employee", s.employeeId().toString(), s.login()), Map.of("method", "self_service", "reason", e.reason())));
    }

    @EventListener
    void on(IdentityEvents.SecondFactorEnrolled e) {
        Subject s = e.subject();
        journal.append(new Journal.Draft(s.tenantId(), JournalTypes.MFA_ENROLLED, Outcome.SUCCESS, actor(s, e.ip(), e.userAgent()),
                target("employee", s.employeeId().toString(), s.login()),
                Map.of("factor_id", e.factorId().toString(), "method", e.method(), "label", e.label())));
    }

    @EventListener
    void on(IdentityEvents.SecondFactorRemoved e) {
        Subject s = e.subject();
        journal.append(new Journal.Draft(s.tenantId(), JournalTypes.MFA_REMOVED, Outcome.SUCCESS, actor(s, e.ip(), e.userAgent()),
                target("employee", s.employeeId().toString(), s.login()),
                Map.of("factor_id", e.factorId().toString(), "method", e.method(), "label", e.label())));
    }

    @EventListener
    void on(IdentityEvents.SecondFactorsReset e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.MFA_RESET, Outcome.SUCCESS, actor(e.actor(), e.ip(), e.userAgent()),
                target("employee", e.employeeId().toString(), e.login()), Map.of("factors_removed", e.factors())));
    }

    /** A refused code at sign-in is a failed sign-in step; at step-up, a failed step-up. */
    @EventListener
    void on(IdentityEvents.SecondFactorFailed e) {
        String type = "step_up".equals(e.context()) ? JournalTypes.STEP_UP_FAILED : JournalTypes.MFA_CHALLENGE_FAILED;
        journal.append(new Journal.Draft(e.tenantId(), type, Outcome.FAILURE, new Actor(e.employeeId(), e.login(), e.ip(), e.userAgent(), null),
                target("employee", e.employeeId().toString(), e.login()), Map.of("context", e.context(), "reason", e.reason())));
    }

    @EventListener
    void on(IdentityEvents.RecoveryCodeUsed e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.MFA_RECOVERY_CODE_USED, Outcome.SUCCESS,
                new Actor(e.employeeId(), e.login(), e.ip(), e.userAgent(), null), target("employee", e.employeeId().toString(), e.login()),
                Map.of("context", e.context(), "remaining", e.remaining())));
    }

    @EventListener
    void on(IdentityEvents.RecoveryCodesGenerated e) {
        Subject s = e.subject();
        journal.append(new Journal.Draft(s.tenantId(), JournalTypes.MFA_RECOVERY_CODES_GENERATED, Outcome.SUCCESS, actor(s, e.ip(), e.userAgent()),
                target("employee", s.employeeId().toString(), s.login()), Map.of("count", e.count())));
    }

    @EventListener
    void on(IdentityEvents.SteppedUp e) {
        Subject s = e.subject();
        journal.append(new Journal.Draft(s.tenantId(), JournalTypes.STEP_UP_SUCCEEDED, Outcome.SUCCESS, actor(s, e.ip(), e.userAgent()),
                target("employee", s.employeeId().toString(), s.login()), Map.of("method", e.method())));
    }

    @EventListener
    void on(NotificationEvents.SmsSent e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.SMS_SENT, Outcome.SUCCESS, new Actor(null, "system", null, null, null),
                Target.NONE, Map.of("kind", e.kind(), "to", e.to())));
    }

    @EventListener
    void on(NotificationEvents.SmsFailed e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.SMS_FAILED, Outcome.FAILURE, new Actor(null, "system", null, null, null),
                Target.NONE, Map.of("kind", e.kind(), "to", e.to(), "reason", e.reason())));
    }

    @EventListener
    void on(NotificationEvents.SmsSettingsChanged e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", e.before());
        details.put("after", e.after());
        record(e.providerTenantId(), JournalTypes.SMS_SETTINGS_CHANGED, Outcome.SUCCESS, target("sms_settings", "1", "SMS gateway"), details);
    }

    @EventListener
    void on(TelephonyEvents.SipAccountCreated e) {
        record(e.account().tenantId(), JournalTypes.SIP_ACCOUNT_CREATED, Outcome.SUCCESS, sipTarget(e.account()), sipDetails(e.account(),
                e.employeeLogin()));
    }

    @EventListener
    void on(TelephonyEvents.SipAccountDeleted e) {
        record(e.account().tenantId(), JournalTypes.SIP_ACCOUNT_DELETED, Outcome.SUCCESS, sipTarget(e.account()), sipDetails(e.account(),
                e.employeeLogin()));
    }

    @EventListener
    void on(TelephonyEvents.SipPasswordRotated e) {
        record(e.account().tenantId(), JournalTypes.SIP_PASSWORD_ROTATED, Outcome.SUCCESS, sipTarget(e.account()), sipDetails(e.account(),
                e.employeeLogin()));
    }

    /** Who was shown which SIP password, from where: the seed's "факт запроса паролей от SIP-учёток". */
    @EventListener
    void on(TelephonyEvents.SipPasswordRevealed e) {
        Subject s = e.actor();
        journal.append(new Journal.Draft(e.account().tenantId(), JournalTypes.SIP_PASSWORD_REVEALED, Outcome.SUCCESS,
                actor(s, e.ip(), e.userAgent()), sipTarget(e.account()), sipDetails(e.account(), e.employeeLogin())));
    }

    @EventListener
    void on(TelephonyEvents.OutboundPolicyChanged e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", e.before());
        details.put("after", e.after());
        record(e.actor().tenantId(), JournalTypes.OUTBOUND_POLICY_CHANGED, Outcome.SUCCESS, target("outbound_policy", null, "calling policy"),
                details);
    }

    @EventListener
    void on(TelephonyEvents.MediaSecurityChanged e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", e.before());
        details.put("after", e.after());
        record(e.actor().tenantId(), JournalTypes.MEDIA_SECURITY_CHANGED, Outcome.SUCCESS, target("media_security", null, "media security"),
                details);
    }

    /** Who was put on or taken off the speech-analytics list: the seed's "изменения списка речевой аналитики". */
    @EventListener
    void on(TelephonyEvents.SpeechAnalyticsChanged e) {
        record(e.actor().tenantId(), "added".equals(e.change()) ? JournalTypes.SPEECH_ANALYTICS_ADDED : JournalTypes.SPEECH_ANALYTICS_REMOVED,
                Outcome.SUCCESS, target("employee", e.employeeId().toString(), e.employeeLogin()), Map.of("employee", e.employeeLogin()));
    }

    @EventListener
    void on(TelephonyEvents.VipNumberChanged e) {
        record(e.actor().tenantId(), "added".equals(e.change()) ? JournalTypes.VIP_NUMBER_ADDED : JournalTypes.VIP_NUMBER_REMOVED, Outcome.SUCCESS,
                target("vip_number", e.number(), e.number()), Map.of("number", e.number()));
    }

    /** The seed's "вывод информации по настроенным дополнительным каналам": who looked at the list of channels. */
    @EventListener
    void on(IdentityEvents.IntegrationsOverviewViewed e) {
        Subject s = e.subject();
        journal.append(new Journal.Draft(s.tenantId(), JournalTypes.INTEGRATIONS_OVERVIEW_VIEWED, Outcome.SUCCESS, actor(s, e.ip(), e.userAgent()),
                Target.NONE, Map.of("integration_tokens", e.integrationTokens())));
    }

    /** The seed's "факт поиска по истории": who searched the call history with which filters, and how much was found. */
    @EventListener
    void on(TelephonyEvents.CallHistorySearched e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("filters", e.filters());
        details.put("found", e.found());
        record(e.searcher().tenantId(), JournalTypes.CALL_HISTORY_SEARCHED, Outcome.SUCCESS, Target.NONE, details);
    }

    /** The seed's "факт экспорта истории вызовов": who exported which calls, in which format. */
    @EventListener
    void on(TelephonyEvents.CallHistoryExported e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("filters", e.filters());
        details.put("format", e.format());
        details.put("calls", e.calls());
        record(e.exporter().tenantId(), JournalTypes.CALL_HISTORY_EXPORTED, Outcome.SUCCESS, Target.NONE, details);
    }

    @EventListener
    void on(TelephonyEvents.RecordingStored e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("media_type", e.mediaType());
        details.put("size_bytes", e.sizeBytes());
        details.put("sha256", e.sha256());
        record(e.tenantId(), JournalTypes.RECORDING_STORED, Outcome.SUCCESS, target("call", e.callId(), e.callId()), details);
    }

    /** The seed's "факт прослушивания и выгрузки записей разговоров": who played or downloaded which call's recording. */
    @EventListener
    void on(TelephonyEvents.RecordingOpened e) {
        Subject s = e.actor();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("employee_id", e.employeeId() == null ? null : e.employeeId().toString());
        journal.append(new Journal.Draft(s.tenantId(), "play".equals(e.purpose()) ? JournalTypes.RECORDING_PLAYED : JournalTypes.RECORDING_DOWNLOADED,
                Outcome.SUCCESS, actor(s, e.ip(), e.userAgent()), target("call", e.callId(), e.callId()), details));
    }

    @EventListener
    void on(TelephonyEvents.RecordingExpired e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.RECORDING_EXPIRED, Outcome.SUCCESS, new Actor(null, "system", null, null, null),
                target("call", e.callId(), e.callId()), Map.of("stored_at", e.storedAt().toString(), "retention_days", e.retentionDays())));
    }

    @EventListener
    void on(TelephonyEvents.RecordingDelivered e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.RECORDING_DELIVERED, Outcome.SUCCESS, new Actor(null, "system", null, null, null),
                target("call", e.callId(), e.callId()), Map.of("host", e.host(), "path", e.remotePath(), "attempt", e.attempt())));
    }

    @EventListener
    void on(TelephonyEvents.RecordingDeliveryFailed e) {
        journal.append(new Journal.Draft(e.tenantId(), JournalTypes.RECORDING_DELIVERY_FAILED, Outcome.FAILURE,
                new Actor(null, "system", null, null, null), target("call", e.callId(), e.callId()),
                Map.of("host", e.host(), "attempt", e.attempt(), "reason", e.reason(), "final", e.finalAttempt())));
    }

    @EventListener
    void on(TelephonyEvents.RecordingSettingsChanged e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", e.before());
        details.put("after", e.after());
        record(e.actor().tenantId(), JournalTypes.RECORDING_SETTINGS_CHANGED, Outcome.SUCCESS, target("recording_settings", null, "recording settings"),
                details);
    }

    /** Any access to a VIP subscriber's calls: which numbers, which calls, how (search, export, play, download). */
    @EventListener
    void on(TelephonyEvents.VipDataAccessed e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("access", e.access());
        details.put("numbers", e.numbers());
        details.put("call_ids", e.callIds());
        record(e.actor().tenantId(), JournalTypes.VIP_DATA_ACCESSED, Outcome.SUCCESS, Target.NONE, details);
    }

    private static Target sipTarget(dev.fortel.telephony.SipAccount a) {
        return target("sip_account", a.id().toString(), a.address());
    }

    private static Map<String, Object> sipDetails(dev.fortel.telephony.SipAccount a, String employeeLogin) {
        return Map.of("address", a.address(), "employee_id", a.employeeId().toString(), "employee", employeeLogin);
    }

    private static Actor actor(Subject s, @Nullable String ip, @Nullable String userAgent) {
        return new Actor(s.employeeId(), s.displayName(), ip, userAgent, s.sessionRef());
    }

    @EventListener
    void on(IdentityEvents.IntegrationTokenCreated e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ref", "int:" + e.ref());
        details.put("scope", e.scope());
        details.put("expires_at", e.expiresAt().toString());
        details.put("created_by", e.creatorId().toString());
        record(e.tenantId(), JournalTypes.INTEGRATION_TOKEN_CREATED, Outcome.SUCCESS, target("integration_token", e.tokenId().toString(), e.name()),
                details);
    }

    @EventListener
    void on(IdentityEvents.IntegrationTokenRevoked e) {
        record(e.tenantId(), JournalTypes.INTEGRATION_TOKEN_REVOKED, Outcome.SUCCESS, target("integration_token", e.tokenId().toString(), e.name()),
                Map.of("ref", "int:" + e.ref(), "created_by", e.creatorId().toString()));
    }

    /** The actor is the token acting for its creator (the request is not yet in the security context). */
    @EventListener
    void on(IdentityEvents.IntegrationTokenUsedFromNewAddress e) {
        Subject s = e.subject();
        journal.append(new Journal.Draft(s.tenantId(), JournalTypes.INTEGRATION_TOKEN_NEW_ADDRESS, Outcome.SUCCESS,
                new Actor(s.employeeId(), s.displayName(), e.ip(), e.userAgent(), s.sessionRef()),
                target("integration_token", e.tokenId().toString(), e.name()), Map.of("ip", e.ip())));
    }

    private static Map<String, Object> changes(Map<String, Object[]> changes) {
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        changes.forEach((field, pair) -> {
            before.put(field, pair[0]);
            after.put(field, pair[1]);
        });
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", before);
        details.put("after", after);
        return details;
    }
}
