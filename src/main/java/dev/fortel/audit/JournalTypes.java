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
    public static final String EMPLOYEE_EXPIRED = "employee.expired";
    public static final String EMPLOYEE_ACCESS_COPIED = "employee.access.copied";
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
    public static final String ACCOUNT_LOCK_ENDED = "auth.account.lock_ended";
    public static final String ADDRESS_BLOCKED = "auth.ip.blocked";
    public static final String JOURNAL_VERIFIED = "journal.verified";
    public static final String JOURNAL_EXPORTED = "journal.exported";
    public static final String SIGN_IN_POLICY_CHANGED = "security.settings.changed";

    // Sessions, password changes and integration tokens.
    public static final String SESSION_ENDED = "auth.session.ended";
    public static final String SESSION_EXPIRED = "auth.session.expired";
    public static final String PASSWORD_CHANGED = "auth.password.changed";
    public static final String INTEGRATION_TOKEN_CREATED = "integration.token.created";
    public static final String INTEGRATION_TOKEN_REVOKED = "integration.token.revoked";
    public static final String INTEGRATION_TOKEN_NEW_ADDRESS = "integration.token.new_address";
    public static final String INTEGRATIONS_OVERVIEW_VIEWED = "integration.overview.viewed";
    private static final List<String> SESSIONS_AND_TOKENS = List.of(SESSION_ENDED, SESSION_EXPIRED, PASSWORD_CHANGED,
            INTEGRATION_TOKEN_CREATED, INTEGRATION_TOKEN_REVOKED, INTEGRATION_TOKEN_NEW_ADDRESS, INTEGRATIONS_OVERVIEW_VIEWED);


    // Password resets by e-mail and outbound mail (modules onboarding and notification).
    public static final String PASSWORD_RESET_ISSUED = "auth.password_reset.issued";
    public static final String PASSWORD_RESET_REQUESTED = "auth.password_reset.requested";
    public static final String PASSWORD_RESET_REFUSED = "auth.password_reset.refused";
    public static final String MAIL_QUEUED = "mail.queued";
    public static final String MAIL_SETTINGS_CHANGED = "mail.settings.changed";
    public static final String MAIL_SETTINGS_REMOVED = "mail.settings.removed";
    public static final String MAIL_MESSAGE_OPENED = "mail.message.opened";
    public static final String MAIL_DELIVERY_FAILED = "mail.delivery.failed";

    private static final List<String> MAIL = List.of(PASSWORD_RESET_ISSUED, PASSWORD_RESET_REQUESTED, PASSWORD_RESET_REFUSED, MAIL_QUEUED,
            MAIL_SETTINGS_CHANGED, MAIL_SETTINGS_REMOVED, MAIL_MESSAGE_OPENED, MAIL_DELIVERY_FAILED);

    // IP rules (identity.iprules): changes to a company's rules and to the provider's deny-list, and refusals.
    public static final String IP_RULE_CREATED = "security.ip_rule.created";
    public static final String IP_RULE_UPDATED = "security.ip_rule.updated";
    public static final String IP_RULE_DELETED = "security.ip_rule.deleted";
    public static final String IP_DENY_CREATED = "security.ip_deny.created";
    public static final String IP_DENY_UPDATED = "security.ip_deny.updated";
    public static final String IP_DENY_DELETED = "security.ip_deny.deleted";
    public static final String ADDRESS_REFUSED = "auth.ip.refused";

    // The company's roles (access.RoleAdministration).
    public static final String ROLE_CREATED = "role.created";
    public static final String ROLE_CHANGED = "role.changed";
    public static final String ROLE_DELETED = "role.deleted";
    public static final String ROLE_RESET = "role.reset";
    private static final List<String> ROLES = List.of(ROLE_CREATED, ROLE_CHANGED, ROLE_DELETED, ROLE_RESET);

    // Second factors (identity.SecondFactors, SecondFactorChallenge).
    public static final String MFA_ENROLLED = "auth.mfa.enrolled";
    public static final String MFA_REMOVED = "auth.mfa.removed";
    public static final String MFA_RESET = "auth.mfa.reset";
    public static final String MFA_CHALLENGE_FAILED = "auth.mfa.challenge_failed";
    public static final String MFA_RECOVERY_CODE_USED = "auth.mfa.recovery_code_used";
    public static final String MFA_RECOVERY_CODES_GENERATED = "auth.mfa.recovery_codes_generated";
    public static final String STEP_UP_SUCCEEDED = "auth.step_up.succeeded";
    public static final String STEP_UP_FAILED = "auth.step_up.failed";
    // SIP accounts (telephony.SipAccounts).
    public static final String SIP_ACCOUNT_CREATED = "sip.account.created";
    public static final String SIP_ACCOUNT_DELETED = "sip.account.deleted";
    public static final String SIP_PASSWORD_ROTATED = "sip.password.rotated";
    public static final String SIP_PASSWORD_REVEALED = "sip.password.revealed";
    public static final String OUTBOUND_POLICY_CHANGED = "telephony.outbound_policy.changed";
    public static final String MEDIA_SECURITY_CHANGED = "telephony.media_security.changed";
    public static final String SPEECH_ANALYTICS_ADDED = "speech_analytics.added";
    public static final String SPEECH_ANALYTICS_REMOVED = "speech_analytics.removed";
    public static final String VIP_NUMBER_ADDED = "vip.number.added";
    public static final String VIP_NUMBER_REMOVED = "vip.number.removed";
    public static final String CALL_HISTORY_SEARCHED = "calls.history.searched";
    public static final String CALL_HISTORY_EXPORTED = "calls.history.exported";
    // Call recordings (telephony.recordings).
    public static final String RECORDING_STORED = "recording.stored";
    public static final String RECORDING_PLAYED = "recording.played";
    public static final String RECORDING_DOWNLOADED = "recording.downloaded";
    public static final String RECORDING_EXPIRED = "recording.expired";
    public static final String RECORDING_DELIVERED = "recording.delivered";
    public static final String RECORDING_DELIVERY_FAILED = "recording.delivery.failed";
    public static final String RECORDING_SETTINGS_CHANGED = "recording.settings.changed";
    public static final String VIP_DATA_ACCESSED = "vip.data.accessed";
    private static final List<String> SIP = List.of(SIP_ACCOUNT_CREATED, SIP_ACCOUNT_DELETED, SIP_PASSWORD_ROTATED, SIP_PASSWORD_REVEALED,
            OUTBOUND_POLICY_CHANGED, MEDIA_SECURITY_CHANGED, SPEECH_ANALYTICS_ADDED, SPEECH_ANALYTICS_REMOVED, VIP_NUMBER_ADDED, VIP_NUMBER_REMOVED,
            CALL_HISTORY_SEARCHED, CALL_HISTORY_EXPORTED, RECORDING_STORED, RECORDING_PLAYED, RECORDING_DOWNLOADED, RECORDING_EXPIRED,
            RECORDING_DELIVERED, RECORDING_DELIVERY_FAILED, RECORDING_SETTINGS_CHANGED, VIP_DATA_ACCESSED);

    // SMS through the provider's gateway (notification.SmsGateway).
    public static final String SMS_SENT = "sms.sent";
    public static final String SMS_FAILED = "sms.delivery.failed";
    public static final String SMS_SETTINGS_CHANGED = "sms.settings.changed";
    private static final List<String> SMS = List.of(SMS_SENT, SMS_FAILED, SMS_SETTINGS_CHANGED);

    // Delivery of the journal to the company's SIEM (audit.syslog).
    public static final String SYSLOG_TARGET_CREATED = "syslog.target.created";
    public static final String SYSLOG_TARGET_CHANGED = "syslog.target.changed";
    public static final String SYSLOG_TARGET_DELETED = "syslog.target.deleted";
    public static final String SYSLOG_TARGET_TESTED = "syslog.target.tested";
    public static final String SYSLOG_DELIVERY_FAILED = "syslog.delivery.failed";
    public static final String SYSLOG_DELIVERY_RESUMED = "syslog.delivery.resumed";
    private static final List<String> SYSLOG = List.of(SYSLOG_TARGET_CREATED, SYSLOG_TARGET_CHANGED, SYSLOG_TARGET_DELETED, SYSLOG_TARGET_TESTED,
            SYSLOG_DELIVERY_FAILED, SYSLOG_DELIVERY_RESUMED);

    // Correlation rules and the alerts they raise (audit.correlation), e-mail alerts (audit.alerting).
    public static final String CORRELATION_RULES_SAVED = "correlation.rules.saved";
    public static final String CORRELATION_RULES_ENABLED = "correlation.rules.enabled";
    public static final String CORRELATION_RULES_DISABLED = "correlation.rules.disabled";
    public static final String CORRELATION_RULES_RESET = "correlation.rules.reset";
    public static final String CORRELATION_RULES_DELETED = "correlation.rules.deleted";
    public static final String ALERT_RAISED = "alert.raised";
    public static final String SUPPORT_REQUESTED = "support.access.requested";
    public static final String SUPPORT_APPROVED = "support.access.approved";
    public static final String SUPPORT_DENIED = "support.access.denied";
    public static final String SUPPORT_REVOKED = "support.access.revoked";
    public static final String SUPPORT_EXPIRED = "support.access.expired";
    /** One request a support agent made inside the company under a grant. */
    public static final String SUPPORT_ACTION = "support.action";
    public static final String SUPPORT_POLICY_CHANGED = "support.policy.changed";
    public static final String ALERT_ACKNOWLEDGED = "alert.acknowledged";
    public static final String ALERT_CLOSED = "alert.closed";
    public static final String ALERT_SETTINGS_CHANGED = "alert.settings.changed";
    public static final String JOURNAL_RETENTION_CHANGED = "journal.retention.changed";
    private static final List<String> ALERTS = List.of(CORRELATION_RULES_SAVED, CORRELATION_RULES_ENABLED, CORRELATION_RULES_DISABLED,
            CORRELATION_RULES_RESET, CORRELATION_RULES_DELETED, ALERT_RAISED, ALERT_ACKNOWLEDGED, ALERT_CLOSED, ALERT_SETTINGS_CHANGED,
            JOURNAL_RETENTION_CHANGED);

    private static final List<String> SUPPORT = List.of(SUPPORT_REQUESTED, SUPPORT_APPROVED, SUPPORT_DENIED, SUPPORT_REVOKED, SUPPORT_EXPIRED,
            SUPPORT_ACTION, SUPPORT_POLICY_CHANGED);

    // The company's LDAP / Active Directory (identity.ldap).
    public static final String LDAP_CHANGED = "ldap.settings.changed";
    public static final String LDAP_REMOVED = "ldap.settings.removed";
    public static final String LDAP_TESTED = "ldap.tested";
    public static final String LDAP_SYNCED = "ldap.synced";
    public static final String LDAP_ACCOUNT_LINKED = "ldap.account.linked";
    // The company's SAML identity provider (identity.saml); its sign-ins are auth.login.* with method saml.
    public static final String SSO_CHANGED = "sso.settings.changed";
    public static final String SSO_REMOVED = "sso.settings.removed";
    private static final List<String> CORPORATE_SIGN_IN = List.of(LDAP_CHANGED, LDAP_REMOVED, LDAP_TESTED, LDAP_SYNCED, LDAP_ACCOUNT_LINKED,
            SSO_CHANGED, SSO_REMOVED);

    private static final List<String> SECOND_FACTORS = List.of(MFA_ENROLLED, MFA_REMOVED, MFA_RESET, MFA_CHALLENGE_FAILED, MFA_RECOVERY_CODE_USED,
            MFA_RECOVERY_CODES_GENERATED, STEP_UP_SUCCEEDED, STEP_UP_FAILED);


    public static final List<String> ALL = java.util.stream.Stream.concat(java.util.stream.Stream.of(TENANT_CREATED, OWNER_INVITED, OPERATOR_BOOTSTRAPPED, EMPLOYEE_CREATED,
            EMPLOYEE_UPDATED, EMPLOYEE_DISABLED, EMPLOYEE_ENABLED, EMPLOYEE_DELETED, EMPLOYEE_EXPIRED, EMPLOYEE_ACCESS_COPIED, GROUP_CREATED, GROUP_UPDATED,
            GROUP_DELETED, SIGN_IN_SUCCEEDED, SIGN_IN_FAILED, SIGNED_OUT, ACCOUNT_ACTIVATED, ACTIVATION_ISSUED, ACCOUNT_LOCKED, ACCOUNT_UNLOCKED,
            ACCOUNT_LOCK_ENDED, ADDRESS_BLOCKED, TOKENS_REVOKED, SESSIONS_ENDED, JOURNAL_VERIFIED, JOURNAL_EXPORTED, SIGN_IN_POLICY_CHANGED, IP_RULE_CREATED,
            IP_RULE_UPDATED, IP_RULE_DELETED, IP_DENY_CREATED, IP_DENY_UPDATED, IP_DENY_DELETED, ADDRESS_REFUSED),
            java.util.stream.Stream.of(MAIL, SESSIONS_AND_TOKENS, ROLES, SECOND_FACTORS, SMS, SIP, SYSLOG, ALERTS, SUPPORT, CORPORATE_SIGN_IN).flatMap(List::stream)).toList();

    private JournalTypes() {}

}
