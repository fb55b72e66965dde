package dev.fortel.access;

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

    public boolean can(Permission permission) {
        Subject subject = currentOrNull();
        return subject != null && subject.has(permission);
    }

    /** Implemented by the principal objects the sign-in module puts in the security context. */
    public interface SubjectHolder {
        Subject subject();
    }
}
