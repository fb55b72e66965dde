package dev.fortel.access;

import static dev.fortel.access.Permission.CALLS_HISTORY_VIEW;
import static dev.fortel.access.Permission.RECORDINGS_DOWNLOAD;
import static dev.fortel.access.Permission.RECORDINGS_LISTEN;
import static dev.fortel.access.Permission.RECORDINGS_MANAGE;
import static dev.fortel.access.Permission.CALLS_INGEST;
import static dev.fortel.access.Permission.EMPLOYEES_MANAGE;
import static dev.fortel.access.Permission.EMPLOYEES_VIEW;
import static dev.fortel.access.Permission.GROUPS_MANAGE;
import static dev.fortel.access.Permission.GROUPS_VIEW;
import static dev.fortel.access.Permission.INTEGRATIONS_MANAGE;
import static dev.fortel.access.Permission.CORPORATE_SIGN_IN_MANAGE;
import static dev.fortel.access.Permission.JOURNAL_DELIVERY_MANAGE;
import static dev.fortel.access.Permission.SECURITY_ALERTS_MANAGE;
import static dev.fortel.access.Permission.JOURNAL_VERIFY;
import static dev.fortel.access.Permission.JOURNAL_VIEW;
import static dev.fortel.access.Permission.ROLES_MANAGE;
import static dev.fortel.access.Permission.ROLES_VIEW;
import static dev.fortel.access.Permission.SECURITY_SETTINGS_MANAGE;
import static dev.fortel.access.Permission.SECURITY_SETTINGS_VIEW;
import static dev.fortel.access.Permission.SIP_ACCOUNTS_MANAGE;
import static dev.fortel.access.Permission.SIP_ACCOUNTS_VIEW;
import static dev.fortel.access.Permission.SIP_CREDENTIALS_REVEAL;
import static dev.fortel.access.Permission.TELEPHONY_POLICIES_MANAGE;
import static dev.fortel.access.Permission.TELEPHONY_POLICIES_VIEW;
import static dev.fortel.access.Permission.TENANTS_MANAGE;
import static dev.fortel.access.Permission.SUPPORT_ACCESS_APPROVE;
import static dev.fortel.access.Permission.SUPPORT_ACCESS_REQUEST;
import static dev.fortel.access.Permission.SUPPORT_REQUESTS_VIEW;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The product's default for each built-in role, which every company starts with and returns to on reset. Owner and
 * operator are fixed: the owner always holds every company function, so no change to roles can lock a company out of
 * its own administration, and the operator's functions are the provider's.
 */
final class BuiltInRoles {

    private BuiltInRoles() {}

    /** Every function a client company's roles can grant: all but the provider's. */
    static final Set<Permission> COMPANY_FUNCTIONS = EnumSet.complementOf(EnumSet.of(TENANTS_MANAGE, SUPPORT_ACCESS_REQUEST, SUPPORT_REQUESTS_VIEW));

    private static final Map<Role, RoleDefinition> DEFAULTS = Map.of(
            Role.OWNER, companyWide(Role.OWNER, COMPANY_FUNCTIONS),
            Role.ADMIN, companyWide(Role.ADMIN, EnumSet.of(EMPLOYEES_VIEW, ROLES_VIEW, ROLES_MANAGE, EMPLOYEES_MANAGE, GROUPS_VIEW,
                    GROUPS_MANAGE, JOURNAL_VIEW, SECURITY_SETTINGS_VIEW, SECURITY_SETTINGS_MANAGE, CORPORATE_SIGN_IN_MANAGE, INTEGRATIONS_MANAGE, SIP_ACCOUNTS_VIEW,
                    SIP_ACCOUNTS_MANAGE, SIP_CREDENTIALS_REVEAL, TELEPHONY_POLICIES_VIEW, TELEPHONY_POLICIES_MANAGE, CALLS_HISTORY_VIEW, CALLS_INGEST,
                    RECORDINGS_LISTEN, RECORDINGS_DOWNLOAD, RECORDINGS_MANAGE, SUPPORT_ACCESS_APPROVE)),
            Role.SECURITY_OFFICER, companyWide(Role.SECURITY_OFFICER, EnumSet.of(EMPLOYEES_VIEW, ROLES_VIEW, GROUPS_VIEW, JOURNAL_VIEW,
                    JOURNAL_VERIFY, JOURNAL_DELIVERY_MANAGE, SECURITY_ALERTS_MANAGE, SECURITY_SETTINGS_VIEW, SECURITY_SETTINGS_MANAGE, SIP_ACCOUNTS_VIEW,
                    TELEPHONY_POLICIES_VIEW, SUPPORT_ACCESS_APPROVE)),
            Role.SUPERVISOR, with(with(with(with(companyWide(Role.SUPERVISOR, EnumSet.of(EMPLOYEES_VIEW, GROUPS_VIEW, JOURNAL_VIEW)),
                    JOURNAL_VIEW, Grant.SUBORDINATES), SIP_ACCOUNTS_VIEW, Grant.SUBORDINATES), CALLS_HISTORY_VIEW, Grant.SUBORDINATES), RECORDINGS_LISTEN,
                    Grant.SUBORDINATES),
            // No SIP functions for the plain employee: giving a role needs its functions (RoleGuard), and an HR import
            // that creates employees should not need SIP rights. A company grants "own" SIP access with a role of its own.
            Role.EMPLOYEE, companyWide(Role.EMPLOYEE, EnumSet.of(EMPLOYEES_VIEW, GROUPS_VIEW)),
            Role.AUDITOR, companyWide(Role.AUDITOR, EnumSet.of(EMPLOYEES_VIEW, GROUPS_VIEW, ROLES_VIEW, JOURNAL_VIEW, JOURNAL_VERIFY,
                    SECURITY_SETTINGS_VIEW)),
            Role.OPERATOR, companyWide(Role.OPERATOR, EnumSet.allOf(Permission.class)),
            // Nothing of the provider's own company beyond colleagues: inside a client company an agent holds only what
            // that company approved (see supportaccess).
            Role.SUPPORT_AGENT, companyWide(Role.SUPPORT_AGENT, EnumSet.of(EMPLOYEES_VIEW, GROUPS_VIEW, SUPPORT_ACCESS_REQUEST)),
            Role.SUPPORT_LEAD, companyWide(Role.SUPPORT_LEAD, EnumSet.of(EMPLOYEES_VIEW, GROUPS_VIEW, SUPPORT_ACCESS_REQUEST, SUPPORT_REQUESTS_VIEW)));

    static RoleDefinition defaultOf(Role role) {
        RoleDefinition d = DEFAULTS.get(role);
        if (d == null) {
            throw new IllegalArgumentException("not a built-in role: " + role);
        }
        return d;
    }

    /** Owner and operator: never changed by a company. */
    static boolean fixed(Role role) {
        return role.protectedRole();
    }

    private static RoleDefinition companyWide(Role role, Set<Permission> functions) {
        Map<Permission, Grant> grants = new EnumMap<>(Permission.class);
        functions.forEach(p -> grants.put(p, Grant.TENANT));
        return new RoleDefinition(role, false, null, null, grants);
    }

    private static RoleDefinition with(RoleDefinition d, Permission p, Grant g) {
        Map<Permission, Grant> grants = new EnumMap<>(Permission.class);
        grants.putAll(d.grants());
        grants.put(p, g);
        return new RoleDefinition(d.role(), false, null, null, grants);
    }
}
