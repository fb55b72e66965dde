package dev.fortel.access;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The one place that answers "may this subject do this". Controllers call {@link #require} before any
 * work; data is then always read through the subject's own tenant, so "which objects" is answered by
 * tenancy and "which actions" here.
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

    public boolean can(Permission permission) {
        Subject subject = currentOrNull();
        return subject != null && subject.has(permission);
    }

    /** Implemented by the principal objects the sign-in module puts in the security context. */
    public interface SubjectHolder {
        Subject subject();
    }
}
