package dev.fortel.access;

import dev.fortel.tenancy.TenantId;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated caller as every module sees it: established by sign-in, refreshed on every request, carried in the
 * security context, never built from request parameters.
 *
 * @param roles the roles held, directly and through groups
 * @param grants what those roles grant in the caller's company as it defines them now (see {@link RoleBook}): each
 *     function with how far it reaches
 * @param sessionRef a short, non-secret reference to the console session or API token in use, for the journal
 * @param scope the functions this caller is limited to, whatever the roles grant: set for a request made with an
 *     integration token (the token's scope), {@code null} for a person acting through their own sign-in. A role's
 *     function counts only when it is also in the scope, so a token can never do more than its creator can now.
 */
public record Subject(TenantId tenantId, UUID employeeId, String login, String displayName, Set<Role> roles,
        Map<Permission, Reach> grants, boolean provider, @Nullable String sessionRef, @Nullable Set<Permission> scope,
        @Nullable UUID supportGrant) implements java.io.Serializable {

    public Subject {
        roles = Set.copyOf(roles);
        grants = Map.copyOf(grants);
        scope = scope == null ? null : Set.copyOf(scope);
    }

    /** A person acting through their own sign-in (no scope restriction). */
    public Subject(TenantId tenantId, UUID employeeId, String login, String displayName, Set<Role> roles, Map<Permission, Reach> grants,
            boolean provider, @Nullable String sessionRef) {
        this(tenantId, employeeId, login, displayName, roles, grants, provider, sessionRef, null, null);
    }

    /** Limited to {@code scope} (an integration token). */
    public Subject(TenantId tenantId, UUID employeeId, String login, String displayName, Set<Role> roles, Map<Permission, Reach> grants,
            boolean provider, @Nullable String sessionRef, @Nullable Set<Permission> scope) {
        this(tenantId, employeeId, login, displayName, roles, grants, provider, sessionRef, scope, null);
    }

    /**
     * A provider's support agent inside a client company under the grant {@code grant}: no roles there, only the
     * approved functions company-wide, and every action marked with the grant in that company's journal.
     */
    public static Subject support(TenantId company, Subject agent, UUID grant, Set<Permission> functions) {
        Map<Permission, Reach> granted = new java.util.EnumMap<>(Permission.class);
        functions.forEach(p -> granted.put(p, Reach.TENANT));
        return new Subject(company, agent.employeeId(), agent.login(), agent.displayName(), Set.of(), granted, false, agent.sessionRef(), null, grant);
    }

    /** Whether this is a support agent acting inside a client company under a grant. */
    public boolean support() {
        return supportGrant != null;
    }

    /** The single decision: a role grants it and, for a restricted caller, the scope allows it. */
    public boolean has(Permission permission) {
        return (scope == null || scope.contains(permission)) && grants.containsKey(permission);
    }

    /**
     * How far the caller's use of {@code permission} reaches: the union of every grant of it. Callers check {@link #has}
     * first; for a function the caller lacks this answers {@link Reach#OWN}.
     */
    public Reach reachOf(Permission permission) {
        return has(permission) ? grants.get(permission) : Reach.OWN;
    }

    /** Whether the caller holds every one of {@code others} at least as far as it reaches: nobody acts on someone with more rights. */
    public boolean holdsAtLeast(Map<Permission, Reach> others) {
        return others.entrySet().stream().allMatch(e -> has(e.getKey()) && reachOf(e.getKey()).covers(e.getValue()));
    }

    /** Whether this caller is limited to a scope (an integration token), rather than a person at their own sign-in. */
    public boolean restricted() {
        return scope != null;
    }

    public Subject withSessionRef(@Nullable String ref) {
        return new Subject(tenantId, employeeId, login, displayName, roles, grants, provider, ref, scope, supportGrant);
    }

    /** The same person, limited to {@code allowed} (intersected with any scope already in force). */
    public Subject restrictedTo(Set<Permission> allowed) {
        Set<Permission> narrowed = scope == null ? allowed : allowed.stream().filter(scope::contains).collect(java.util.stream.Collectors.toSet());
        return new Subject(tenantId, employeeId, login, displayName, roles, grants, provider, sessionRef, narrowed, supportGrant);
    }
}
