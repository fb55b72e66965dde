package dev.fortel.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * Built-in roles. {@code OWNER} is the client's first administrator (created with the tenant);
 * {@code ADMIN} manages people; {@code SECURITY_OFFICER} reads and verifies the journal; {@code EMPLOYEE}
 * signs in and sees colleagues. {@code OPERATOR} belongs only to the provider's tenant.
 */
public enum Role {
    OWNER(EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.EMPLOYEES_MANAGE, Permission.GROUPS_VIEW,
            Permission.GROUPS_MANAGE, Permission.JOURNAL_VIEW, Permission.JOURNAL_VERIFY, Permission.SECURITY_SETTINGS_VIEW,
            Permission.SECURITY_SETTINGS_MANAGE, Permission.INTEGRATIONS_MANAGE)),
    ADMIN(EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.EMPLOYEES_MANAGE, Permission.GROUPS_VIEW,
            Permission.GROUPS_MANAGE, Permission.JOURNAL_VIEW, Permission.SECURITY_SETTINGS_VIEW, Permission.SECURITY_SETTINGS_MANAGE,
            Permission.INTEGRATIONS_MANAGE)),
    SECURITY_OFFICER(EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.GROUPS_VIEW, Permission.JOURNAL_VIEW,
            Permission.JOURNAL_VERIFY, Permission.SECURITY_SETTINGS_VIEW, Permission.SECURITY_SETTINGS_MANAGE)),
    EMPLOYEE(EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.GROUPS_VIEW)),
    OPERATOR(EnumSet.of(Permission.TENANTS_MANAGE, Permission.EMPLOYEES_VIEW, Permission.EMPLOYEES_MANAGE,
            Permission.GROUPS_VIEW, Permission.GROUPS_MANAGE, Permission.JOURNAL_VIEW, Permission.JOURNAL_VERIFY,
            Permission.SECURITY_SETTINGS_VIEW, Permission.SECURITY_SETTINGS_MANAGE, Permission.INTEGRATIONS_MANAGE));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = java.util.Collections.unmodifiableSet(permissions);
    }

    public Set<Permission> permissions() {
        return permissions;
    }
}
