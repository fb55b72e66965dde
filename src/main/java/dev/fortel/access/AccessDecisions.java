package dev.fortel.access;

import dev.fortel.platform.NotFoundException;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The one place that answers "may this subject do this". Every endpoint declares what it needs
 * ({@link RequiresFunction}, {@link SignedInOnly}, {@link PublicEndpoint}); {@link #enforce} checks that declaration
 * before the handler runs (the {@code access.web} interceptor), and the handler then calls {@link #require} again
 * for the subject it scopes its data with. Data is always read through the subject's own tenant, so "which objects"
 * is answered by tenancy and "which actions" here.
 */
@Component
public class AccessDecisions {

    private final OrgChartSource charts;

    public AccessDecisions(OrgChartSource charts) {
        this.charts = charts;
    }

    /** The current caller, or 401 semantics if there is none. */
    public Subject current() {
        Subject subject = currentOrNull();
        if (subject == null) {
            throw new org.springframework.security.authentication.AuthenticationCredentialsNotFoundException("not signed in");
        }
        return subject;
    }

    public static @Nullable Subject currentOrNull() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) {
            return null;
        }
        if (auth.getPrincipal() instanceof SubjectHolder holder) {
            return holder.subject();
        }
        return null;
    }

    public Subject require(Permission permission) {
        Subject subject = current();
        if (!subject.has(permission)) {
            throw new AccessDeniedException("missing " + permission.code());
        }
        return subject;
    }

    /**
     * The caller acting as themself: a person's own console session or sign-in token, never an integration
     * token. For what a person does to their own account (change the password, list or end their sessions),
     * which no scope can grant.
     */
    public Subject requirePerson() {
        Subject subject = current();
        if (subject.restricted()) {
            throw new AccessDeniedException("an integration token cannot act on its creator's account");
        }
        if (subject.support()) {
            // Inside a client company the agent's own account is not there: it is managed at the provider.
            throw new AccessDeniedException("acting as support inside a company; leave the company to manage your own account");
        }
        return subject;
    }

    /**
     * Enforces what an endpoint declares, before its handler runs: the declared function ({@link #require}), a person's
     * own sign-in ({@link #requirePerson}), any signed-in caller, or nothing for a public endpoint. An endpoint that
     * declares nothing is refused whoever calls it, so forgetting the declaration closes the endpoint instead of
     * opening it. A caller who is not signed in is refused with 403 too: the filter chains already answer 401 for every
     * endpoint that is not public, so reaching here without a subject means the chain and the declaration disagree.
     *
     * @return the caller, or {@code null} for a public endpoint
     */
    public @Nullable Subject enforce(EndpointDeclaration declaration) {
        return switch (declaration) {
            case EndpointDeclaration.Public open -> null;
            case EndpointDeclaration.Missing missing -> throw new AccessDeniedException("endpoint " + missing.problem());
            case EndpointDeclaration.Function function -> {
                Subject subject = signedInOrRefused();
                if (!subject.has(function.permission())) {
                    throw new AccessDeniedException("missing " + function.permission().code());
                }
                yield subject;
            }
            case EndpointDeclaration.SignedIn signedIn -> {
                Subject subject = signedInOrRefused();
                if (subject.restricted() && !signedIn.integrationTokens()) {
                    throw new AccessDeniedException("an integration token cannot act on its creator's account");
                }
                yield subject;
            }
        };
    }

    private static Subject signedInOrRefused() {
        Subject subject = currentOrNull();
        if (subject == null) {
            throw new AccessDeniedException("not signed in");
        }
        return subject;
    }

    /**
     * The decision point: may {@code subject} use {@code permission} on {@code target}? The subject must hold the function
     * and one of their grants of it must reach the object: the whole company; their own (themself, or a group they are
     * in); the employees who report to them at any depth; or the members of (and the groups themselves) a grant names.
     * Decided in memory from the cached org chart; the chart is read only for a grant narrower than the company.
     */
    public boolean can(Subject subject, Permission permission, AccessTarget target) {
        if (!subject.has(permission)) {
            return false;
        }
        Reach reach = subject.reachOf(permission);
        if (reach.tenant()) {
            return true;
        }
        return reaches(reach, subject.employeeId(), target, charts.of(subject.tenantId()));
    }

    /**
     * Whether a holder's reach of one function covers the object, on a chart the caller already holds: the decision
     * itself, also used for other people than the caller ("who can access this").
     */
    public static boolean reaches(Reach reach, UUID holder, AccessTarget target, OrgChart chart) {
        if (reach.tenant()) {
            return true;
        }
        return switch (target) {
            case AccessTarget.Employee e -> e.id().equals(holder) || (reach.subordinates() && chart.reportsTo(e.id(), holder))
                    || chart.inAny(e.id(), reach.groups());
            case AccessTarget.Group g -> reach.groups().contains(g.id()) || chart.groupsOf(holder).contains(g.id());
        };
    }

    /**
     * The caller, if their {@code employees.view} (or {@code groups.view}) reaches {@code target}; otherwise 404, exactly as
     * for an object that does not exist, so nobody learns what lies outside their reach (no IDOR, no probing).
     */
    public Subject requireVisible(AccessTarget target) {
        Subject subject = current();
        boolean group = target instanceof AccessTarget.Group;
        if (!can(subject, group ? Permission.GROUPS_VIEW : Permission.EMPLOYEES_VIEW, target)) {
            throw new NotFoundException(group ? "group" : "employee");
        }
        return subject;
    }

    /**
     * The caller, if they hold {@code permission} over {@code target} (check {@link #requireVisible} first); otherwise 403
     * for an object the caller can see, 404 for one that does not exist.
     */
    public Subject requireOn(Permission permission, AccessTarget target) {
        Subject subject = require(permission);
        if (!can(subject, permission, target)) {
            String kind = target instanceof AccessTarget.Group ? "group" : "employee";
            if (!charts.of(subject.tenantId()).exists(target)) {
                throw new NotFoundException(kind);
            }
            throw new AccessDeniedException(permission.code() + " does not reach this " + kind);
        }
        return subject;
    }

    /**
     * The employees {@code subject} reaches with {@code permission}, for narrowing a list; {@code null} means the whole
     * company (no narrowing).
     */
    public @Nullable Set<UUID> reachableEmployees(Subject subject, Permission permission) {
        Reach reach = subject.reachOf(permission);
        if (reach.tenant()) {
            return null;
        }
        Set<UUID> ids = new HashSet<>();
        ids.add(subject.employeeId());
        if (!subject.has(permission)) {
            return ids;
        }
        OrgChart chart = charts.of(subject.tenantId());
        if (reach.subordinates()) {
            ids.addAll(chart.subordinatesOf(subject.employeeId()));
        }
        ids.addAll(chart.membersOf(reach.groups()));
        return ids;
    }

    /** The groups {@code subject} reaches with {@code permission}; {@code null} means every group of the company. */
    public @Nullable Set<UUID> reachableGroups(Subject subject, Permission permission) {
        Reach reach = subject.reachOf(permission);
        if (reach.tenant()) {
            return null;
        }
        Set<UUID> ids = new HashSet<>(charts.of(subject.tenantId()).groupsOf(subject.employeeId()));
        if (subject.has(permission)) {
            ids.addAll(reach.groups());
        }
        return ids;
    }

    /**
     * Whether an employee placed under {@code supervisor} and in {@code groups} would be within the caller's reach: a
     * person created or changed by someone with a narrowed grant must stay where that grant reaches.
     */
    public boolean wouldReach(Subject subject, Permission permission, @Nullable UUID employee, @Nullable UUID supervisor, Set<UUID> groups) {
        if (!subject.has(permission)) {
            return false;
        }
        Reach reach = subject.reachOf(permission);
        if (reach.tenant() || subject.employeeId().equals(employee)) {
            return true;
        }
        if (reach.subordinates() && supervisor != null
                && (supervisor.equals(subject.employeeId()) || charts.of(subject.tenantId()).reportsTo(supervisor, subject.employeeId()))) {
            return true;
        }
        return groups.stream().anyMatch(reach.groups()::contains);
    }

    public boolean can(Permission permission) {
        Subject subject = currentOrNull();
        return subject != null && subject.has(permission);
    }

    /** Implemented by the principal objects the sign-in module puts in the security context. */
    public interface SubjectHolder {
        Subject subject();
    }
}
