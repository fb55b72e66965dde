package dev.fortel.access;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A role by its stable code, as employees, groups, the journal and the API name it. The built-in roles exist in every
 * company ({@link #BUILT_IN}): {@code owner} is the client's first administrator (created with the company);
 * {@code admin} manages people; {@code security_officer} reads and verifies the journal and runs the sign-in settings;
 * {@code supervisor} leads a team; {@code employee} signs in and sees colleagues; {@code auditor} reads and changes
 * nothing; {@code operator} belongs only to the provider's company. A company may also define its own roles, with codes
 * of its choosing. What a role grants is not here: it is the company's {@link RoleDefinition}, read through
 * {@link RoleBook}, because each company can change its built-ins and add roles of its own.
 */
public record Role(String code) implements Comparable<Role>, java.io.Serializable {

    // Declared before the constants below, which the constructor checks against it.
    /** Lower-case letters, digits and underscores, starting with a letter: safe in URLs, the journal and CSV exports. */
    static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{1,31}");

    public static final Role OWNER = new Role("owner");
    public static final Role ADMIN = new Role("admin");
    public static final Role SECURITY_OFFICER = new Role("security_officer");
    public static final Role SUPERVISOR = new Role("supervisor");
    public static final Role EMPLOYEE = new Role("employee");
    public static final Role AUDITOR = new Role("auditor");
    public static final Role OPERATOR = new Role("operator");
    /** The provider's support staff: asks client companies for access and acts within what they approve. */
    public static final Role SUPPORT_AGENT = new Role("support_agent");
    /** Leads the support staff: an agent who also sees every agent's requests and grants. */
    public static final Role SUPPORT_LEAD = new Role("support_lead");

    /** In the order lists show them. */
    public static final List<Role> BUILT_IN = List.of(OWNER, ADMIN, SECURITY_OFFICER, SUPERVISOR, EMPLOYEE, AUDITOR, OPERATOR, SUPPORT_AGENT, SUPPORT_LEAD);

    public Role {
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("not a role code: 2 to 32 lower-case letters, digits or underscores, starting with a letter");
        }
    }

    /** The role with this code if the code is well-formed; whether the company has such a role is {@link RoleBook}'s question. */
    public static Optional<Role> parse(String code) {
        return code != null && CODE.matcher(code).matches() ? Optional.of(new Role(code)) : Optional.empty();
    }

    public boolean builtIn() {
        return BUILT_IN.contains(this);
    }

    /** Roles that exist only in the provider's company: its operators and its support staff. */
    public boolean providerOnly() {
        return equals(OPERATOR) || equals(SUPPORT_AGENT) || equals(SUPPORT_LEAD);
    }

    /** Held only through onboarding (owner) or the provider (operator): never granted, carried, copied, edited or removed. */
    public boolean protectedRole() {
        return equals(OWNER) || equals(OPERATOR);
    }

    /** Built-ins first in their fixed order, then the company's own roles by code. */
    @Override
    public int compareTo(Role other) {
        int a = BUILT_IN.indexOf(this);
        int b = BUILT_IN.indexOf(other);
        if (a >= 0 || b >= 0) {
            return a < 0 ? 1 : b < 0 ? -1 : Integer.compare(a, b);
        }
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
