package dev.fortel.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint open to every signed-in person, because it acts only on the caller's own account or shows only what
 * everyone in the company may see (their sessions, their password, who they are). No role is asked for, so the list of
 * such endpoints is kept short and each says why in {@link #reason}.
 *
 * <p>By default only a person at their own sign-in passes ({@link AccessDecisions#requirePerson}): an integration
 * token acts for its creator within a scope of functions, and no scope can grant what a person does to their own
 * account. {@link #integrationTokens} admits tokens too, for endpoints that only describe the caller.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface SignedInOnly {

    /** Why no function is needed, for the reviewer (e.g. "the caller's own sessions"). */
    String reason();

    /** Whether a request with an integration token may call it too; {@code false} admits only a person's own sign-in. */
    boolean integrationTokens() default false;
}
