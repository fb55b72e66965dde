package dev.fortel.identity.iprules;

import dev.fortel.access.Permission;
import dev.fortel.platform.LocalizedMessage;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whom a rule applies to. A request is judged by every scope it belongs to: an administrator's console
 * sign-in by {@link #ADMINS} and {@link #EMPLOYEES}; an API token request (and the token endpoint's
 * sign-in, which mints a token) additionally by {@link #API_TOKENS}. So a token never reaches further than
 * its holder's own sign-in could: an administrator kept to the office network cannot carry a token home.
 */
public enum IpRuleScope {
    /** Employees holding a management function: a role that can manage employees, security settings or tenants. */
    ADMINS,
    /** Everyone who signs in, administrators included. */
    EMPLOYEES,
    /** Requests authenticated by a bearer API token, and sign-ins at the token endpoint. */
    API_TOKENS;

    /** The functions that make someone an administrator: for IP rules and for the two-factor policy. */
    public static final Set<Permission> MANAGEMENT = EnumSet.of(Permission.EMPLOYEES_MANAGE, Permission.SECURITY_SETTINGS_MANAGE,
            Permission.TENANTS_MANAGE);

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope's name for people, from the bundles ({@code iprules.scope.<code>}); English by default. */
    LocalizedMessage label() {
        String english = switch (this) {
            case ADMINS -> "Administrators";
            case EMPLOYEES -> "All employees";
            case API_TOKENS -> "API tokens";
        };
        return new LocalizedMessage("iprules.scope." + code(), english, List.of());
    }

    static Optional<IpRuleScope> fromCode(String code) {
        for (IpRuleScope s : values()) {
            if (s.code().equals(code)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The scopes that judge a person holding these functions, signing in or calling with a token ({@code apiToken}). */
    public static Set<IpRuleScope> of(Set<Permission> functions, boolean apiToken) {
        EnumSet<IpRuleScope> scopes = EnumSet.of(EMPLOYEES);
        if (functions.stream().anyMatch(MANAGEMENT::contains)) {
            scopes.add(ADMINS);
        }
        if (apiToken) {
            scopes.add(API_TOKENS);
        }
        return scopes;
    }
}
