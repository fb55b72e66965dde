package dev.fortel.access;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * What an endpoint declares it needs: a function ({@link RequiresFunction}), only a signed-in caller ({@link SignedInOnly}),
 * or nothing because it is public ({@link PublicEndpoint}). A declaration on the method wins over the controller class's
 * default. {@link Missing} is the answer for a handler that declares nothing, or more than one thing on the same level:
 * it is refused, because a guess in either direction could open an endpoint.
 */
public sealed interface EndpointDeclaration {

    /** @param object what the path variable {@code id} names, which the function must reach too */
    record Function(Permission permission, ObjectKind object) implements EndpointDeclaration {}

    record SignedIn(String reason, boolean integrationTokens) implements EndpointDeclaration {}

    record Public(String reason) implements EndpointDeclaration {}

    /** @param problem what is wrong, for the log and the test that lists every endpoint */
    record Missing(String problem) implements EndpointDeclaration {}

    /** The declaration of handler {@code method} of a controller of type {@code controller} (the user class, not a proxy). */
    static EndpointDeclaration of(Method method, Class<?> controller) {
        EndpointDeclaration onMethod = declaredOn(method);
        if (onMethod != null) {
            return onMethod;
        }
        EndpointDeclaration onClass = declaredOn(controller);
        if (onClass != null) {
            return onClass;
        }
        return new Missing("declares no function: annotate it (or its class) with @RequiresFunction, @SignedInOnly or @PublicEndpoint");
    }

    private static @Nullable EndpointDeclaration declaredOn(java.lang.reflect.AnnotatedElement element) {
        List<EndpointDeclaration> found = new ArrayList<>(1);
        RequiresFunction function = AnnotatedElementUtils.findMergedAnnotation(element, RequiresFunction.class);
        if (function != null) {
            found.add(new Function(function.value(), function.object()));
        }
        SignedInOnly signedIn = AnnotatedElementUtils.findMergedAnnotation(element, SignedInOnly.class);
        if (signedIn != null) {
            found.add(new SignedIn(signedIn.reason(), signedIn.integrationTokens()));
        }
        PublicEndpoint open = AnnotatedElementUtils.findMergedAnnotation(element, PublicEndpoint.class);
        if (open != null) {
            found.add(new Public(open.reason()));
        }
        if (found.size() > 1) {
            return new Missing("declares " + found.size() + " conflicting requirements on one level; keep exactly one");
        }
        if (found.isEmpty()) {
            return null;
        }
        EndpointDeclaration only = found.getFirst();
        // An open endpoint is a reviewed exception; one that does not say why has not been reviewed.
        String reason = only instanceof Public p ? p.reason() : only instanceof SignedIn si ? si.reason() : "given";
        if (reason.isBlank()) {
            return new Missing("declares no reason for being open; say why in reason");
        }
        return only;
    }
}
