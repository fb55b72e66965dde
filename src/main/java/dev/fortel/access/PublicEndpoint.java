package dev.fortel.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An endpoint anyone may call without signing in (sign-in itself, activation links, "forgot password"). Every such
 * endpoint must also be open in the security filter chains ({@code identity.SecurityConfiguration}), and
 * {@code EndpointDeclarationTests} holds the complete list, so adding one is a reviewed change.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface PublicEndpoint {

    /** Why it must work before sign-in, and what limits it (rate limits, single-use links, same answer for everyone). */
    String reason();
}
