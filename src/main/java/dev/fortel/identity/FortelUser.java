package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Subject;
import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The principal in the security context. It wraps the {@link Subject} every module sees; the password
 * hash is here only during sign-in and is erased right after (it must not reach the session store).
 */
final class FortelUser implements UserDetails, CredentialsContainer, AccessDecisions.SubjectHolder, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Subject subject;
    private @Nullable String passwordHash;
    private final boolean enabled;
    private final boolean notExpired;

    FortelUser(Subject subject, @Nullable String passwordHash, boolean enabled, boolean notExpired) {
        this.subject = subject;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
        this.notExpired = notExpired;
    }

    @Override
    public Subject subject() {
        return subject;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        // An integration token acts only through Subject.has, within its scope: no role authority (such as the
        // operator's access to Actuator) comes with it.
        if (subject.restricted()) {
            return List.of();
        }
        return subject.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.code().toUpperCase(java.util.Locale.ROOT))).toList();
    }

    @Override
    public @Nullable String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return subject.login();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public boolean isAccountNonExpired() {
        return notExpired;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    FortelUser withSubject(Subject s) {
        return new FortelUser(s, null, enabled, notExpired);
    }

    @Override
    public String toString() {
        // Never print the hash, even erased-or-not: toString ends up in logs.
        return "FortelUser[" + subject.login() + "]";
    }

    static List<String> roleNames(Subject s) {
        return s.roles().stream().map(r -> r.code()).sorted().toList();
    }
}
