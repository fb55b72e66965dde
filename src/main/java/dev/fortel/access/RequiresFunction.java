package dev.fortel.access;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The function an endpoint (API operation or console page) needs. Checked with {@link AccessDecisions#require} before the
 * handler method runs, so the declaration is enforced whatever the body does; the body still asks again for the
 * {@link Subject} it scopes its data with. On a controller class it is the default for every handler method that does
 * not declare its own ({@link SignedInOnly} or {@link PublicEndpoint} on a method overrides it).
 *
 * <p>Where a body needs different functions in different branches, declare the weakest one needed to enter and
 * leave the branch check in the body, with a comment.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresFunction {

    Permission value();

    /**
     * The kind of object the path variable {@code id} names. When set, the function must also reach that object (the
     * caller's grant scope covers it), checked before the handler runs; an object out of reach answers 404, exactly
     * like one that does not exist.
     */
    ObjectKind object() default ObjectKind.NONE;
}
