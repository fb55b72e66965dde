package dev.fortel.access.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.AccessTarget;
import dev.fortel.access.EndpointDeclaration;
import dev.fortel.access.ObjectKind;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.HandlerMapping;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Enforces every Fortel endpoint's declared function before its handler method runs, and refuses (403) a handler
 * that declares none: a new endpoint that forgets its declaration is closed, not open to every signed-in person. Where
 * the declaration names the kind of object its {@code {id}} is, the function must reach that object too (404 if not).
 *
 * <p>Only Fortel's own controllers (package {@code dev.fortel}) are judged. Spring Boot's error controller, springdoc's
 * documentation, Actuator and static resources are protected by the filter chains and are not Fortel's to declare.
 * A refusal is thrown as {@link org.springframework.security.access.AccessDeniedException}, so the handler's own
 * exception handling answers it exactly like a missing function found in the body: the API's 403 problem, the console's
 * error page.
 */
final class DeclaredFunctionInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(DeclaredFunctionInterceptor.class);

    /** Prefix of the packages whose controllers must declare; with the dot, so {@code dev.fortelx} is not Fortel's. */
    static final String FORTEL = "dev.fortel.";

    private final AccessDecisions access;

    DeclaredFunctionInterceptor(AccessDecisions access) {
        this.access = access;
    }

    @Override
    @SuppressFBWarnings(value = "CRLF_INJECTION_LOGS",
            justification = "logs only the compiled controller's class and method names and a fixed text, nothing from the request")
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getName().startsWith(FORTEL)) {
            return true;
        }
        // Spring caches the annotation lookups behind this, so it is cheap on every request.
        EndpointDeclaration declaration = EndpointDeclaration.of(method.getMethod(), method.getBeanType());
        if (declaration instanceof EndpointDeclaration.Missing missing) {
            // A programming error, not a caller's: the endpoint stays closed until it declares what it needs.
            log.error("Refused a request to {}#{}: the endpoint {}", method.getBeanType().getName(), method.getMethod().getName(),
                    missing.problem());
        }
        access.enforce(declaration);
        if (declaration instanceof EndpointDeclaration.Function function && function.object() != ObjectKind.NONE) {
            UUID id = pathId(request);
            // A malformed id names nothing: the handler answers it as it answers any unknown id.
            if (id != null) {
                boolean group = function.object() == ObjectKind.GROUP;
                AccessTarget target = group ? AccessTarget.group(id) : AccessTarget.employee(id);
                // What the caller cannot see answers 404, exactly like a missing id (no probing); what they see but
                // may not act on answers 403. Nobody acts on what they cannot see, whatever the declared function.
                access.requireVisible(target);
                access.requireOn(function.permission(), target);
            }
        }
        return true;
    }

    private static @Nullable UUID pathId(HttpServletRequest request) {
        if (!(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables)
                || !(variables.get("id") instanceof String raw)) {
            return null;
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
