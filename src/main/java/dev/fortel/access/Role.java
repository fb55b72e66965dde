package dev.fortel.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * Built-in roles. {@code OWNER} is the client's first administrator (created with the tenant);
 * {@code ADMIN} manages people; {@code SECURITY_OFFICER} reads and verifies the journal and runs the
 * sign-in settings, without managing people; {@code SUPERVISOR} leads a team and reads the journal about
 * their subordinates (the functions over their calls arrive with telephony); {@code EMPLOYEE} signs in and sees colleagues;
 * {@code AUDITOR} reads the journal and the settings and changes nothing. {@code OPERATOR} belongs only to
 * the provider's tenant. A grant applies to the whole company unless the role narrows it ({@link #scope}): a
 * supervisor reads the journal only about the people who report to them.
 */
public enum Role {
    OWNER(EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.ROLES_VIEW, Permission.EMPLOYEES_MANAGE, Permission.GROUPS_VIEW,
            Permission.GROUPS_MANAGE, Permission.JOURNAL_VIEW, Permission.JOURNAL_VERIFY, Permission.SECURITY_SETTINGS_VIEW,
            Permission.SECURITY_SETTINGS_MANAGE, Permission.INTEGRATIONS_MANAGE)),
    ADMIN(EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.ROLES_VIEW, Permission.EMPLOYEES_MANAGE, Permission.GROUPS_VIEW,
            Permission.GROUPS_MANAGE, Permission.JOURNAL_VIEW, Permission.SECURITY_SETTINGS_VIEW, Permission.SECURITY_SETTINGS_MANAGE,
            Permission.INTEGRATIONS_MANAGE)),
    SECURITY_OFFICER(EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.ROLES_VIEW, Permission.GROUPS_VIEW, Permission.JOURNAL_VIEW,
            Permission.JOURNAL_VERIFY, Permission.SECURITY_SETTINGS_VIEW, Permission.SECURITY_SETTINGS_MANAGE)),
    SUPERVISOR(EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.GROUPS_VIEW, Permission.JOURNAL_VIEW),
            java.util.Map.of(Permission.JOURNAL_VIEW, Scope.SUBORDINATES)),
    EMPLOYEE(EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.GROUPS_VIEW)),
    AUDITOR(EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.GROUPS_VIEW, Permission.ROLES_VIEW, Permission.JOURNAL_VIEW,
            Permission.JOURNAL_VERIFY, Permission.SECURITY_SETTINGS_VIEW)),
    OPERATOR(EnumSet.of(Permission.TENANTS_MANAGE, Permission.EMPLOYEES_VIEW, Permission.ROLES_VIEW, Permission.EMPLOYEES_MANAGE,
            Permission.GROUPS_VIEW, Permission.GROUPS_MANAGE, Permission.JOURNAL_VIEW, Permission.JOURNAL_VERIFY,
            Permission.SECURITY_SETTINGS_VIEW, Permission.SECURITY_SETTINGS_MANAGE, Permission.INTEGRATIONS_MANAGE));

    private final Set<Permission> permissions;
    private final java.util.Map<Permission, Scope> narrowed;

    Role(Set<Permission> permissions) {
        this(permissions, java.util.Map.of());
    }

    /** @param narrowed the functions this role grants over less than the whole company, and how far */
    Role(Set<Permission> permissions, java.util.Map<Permission, Scope> narrowed) {
        this.permissions = java.util.Collections.unmodifiableSet(permissions);
        this.narrowed = java.util.Map.copyOf(narrowed);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    /** How far this role's grant of {@code p} reaches; meaningful only when the role grants it. */
    public Scope scope(Permission p) {
        return narrowed.getOrDefault(p, Scope.TENANT);
    }

    /** The role's stable code in the API and the journal ({@code security_officer}). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The role with this code, if any. */
    public static java.util.Optional<Role> ofCode(String code) {
        for (Role r : values()) {
            if (r.code().equals(code)) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }
}
