package dev.fortel.access.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.PublicEndpoint;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Role;
import dev.fortel.access.SignedInOnly;
import dev.fortel.access.Subject;
import dev.fortel.tenancy.TenantId;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.StopWatch;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * The interceptor with real {@link HandlerMethod}s of controller classes in {@code dev.fortel}: what each declaration
 * admits and refuses, before any handler body runs. The sample controllers carry no stereotype annotation, so they are
 * never registered in an application; their bodies are empty on purpose: they "forgot" to call
 * {@link AccessDecisions#require}, and the declaration alone must decide.
 */
class DeclaredFunctionInterceptorTests {

    private final DeclaredFunctionInterceptor interceptor = new DeclaredFunctionInterceptor(
            new AccessDecisions(tenant -> new dev.fortel.access.OrgChart(java.util.Map.of(), java.util.Map.of())));

    static class Endpoints {
        void undeclared() {}

        @RequiresFunction(Permission.EMPLOYEES_MANAGE)
        void manageEmployees() {}

        @SignedInOnly(reason = "the caller's own account")
        void ownAccount() {}

        @SignedInOnly(reason = "describes the caller", integrationTokens = true)
        void whoAmI() {}

        @PublicEndpoint(reason = "before sign-in")
        void open() {}

        @RequiresFunction(Permission.EMPLOYEES_VIEW)
        @PublicEndpoint(reason = "contradicts itself")
        void conflicting() {}

        @PublicEndpoint(reason = " ")
        void openWithoutReason() {}
    }

    @RequiresFunction(Permission.TENANTS_MANAGE)
    static class ProviderEndpoints {
        void inheritsTheClassDefault() {}

        @SignedInOnly(reason = "overrides the class default")
        void overridesIt() {}
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void handlerWithoutDeclarationIsRefusedEvenForTheOwner() {
        signIn(person(Role.OWNER));
        assertThatThrownBy(() -> call(Endpoints.class, "undeclared")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("declares no function");
    }

    @Test
    void declaredFunctionIsEnforcedThoughTheBodyNeverAsks() throws Exception {
        signIn(person(Role.EMPLOYEE));
        assertThatThrownBy(() -> call(Endpoints.class, "manageEmployees")).isInstanceOf(AccessDeniedException.class)
                .hasMessage("missing employees.manage");
        signIn(person(Role.ADMIN));
        assertThat(call(Endpoints.class, "manageEmployees")).isTrue();
    }

    @Test
    void integrationTokenWhoseScopeLacksTheFunctionIsRefused() {
        signIn(person(Role.ADMIN).restrictedTo(Set.of(Permission.EMPLOYEES_VIEW)));
        assertThatThrownBy(() -> call(Endpoints.class, "manageEmployees")).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void signedInOnlyAdmitsAPersonAndRefusesAnIntegrationTokenUnlessItSaysSo() throws Exception {
        signIn(person(Role.EMPLOYEE));
        assertThat(call(Endpoints.class, "ownAccount")).isTrue();
        signIn(person(Role.OWNER).restrictedTo(Set.of(Permission.EMPLOYEES_VIEW)));
        assertThatThrownBy(() -> call(Endpoints.class, "ownAccount")).isInstanceOf(AccessDeniedException.class);
        assertThat(call(Endpoints.class, "whoAmI")).isTrue();
    }

    @Test
    void publicEndpointAdmitsACallerWhoIsNotSignedIn() throws Exception {
        assertThat(call(Endpoints.class, "open")).isTrue();
    }

    @Test
    void callerWhoIsNotSignedInIsRefusedWithA403NotAnInternalError() {
        // AccessDeniedException is answered 403 by both the API's and the console's handlers; anything else would be a 500.
        assertThatThrownBy(() -> call(Endpoints.class, "ownAccount")).isInstanceOf(AccessDeniedException.class).hasMessage("not signed in");
        assertThatThrownBy(() -> call(Endpoints.class, "manageEmployees")).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void classDeclarationIsTheDefaultAndAMethodDeclarationOverridesIt() throws Exception {
        signIn(person(Role.OWNER));
        assertThatThrownBy(() -> call(ProviderEndpoints.class, "inheritsTheClassDefault")).isInstanceOf(AccessDeniedException.class)
                .hasMessage("missing tenants.manage");
        assertThat(call(ProviderEndpoints.class, "overridesIt")).isTrue();
        signIn(person(Role.OPERATOR));
        assertThat(call(ProviderEndpoints.class, "inheritsTheClassDefault")).isTrue();
    }

    @Test
    void contradictoryOrUnexplainedDeclarationsAreRefused() {
        signIn(person(Role.OWNER));
        assertThatThrownBy(() -> call(Endpoints.class, "conflicting")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("conflicting");
        assertThatThrownBy(() -> call(Endpoints.class, "openWithoutReason")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("reason");
    }

    @Test
    void handlersThatAreNotFortelsAreLeftToTheFilterChains() throws Exception {
        // Spring Boot's error controller, springdoc and static resources: nobody signed in, no declaration, admitted.
        // Any public method of a class outside dev.fortel stands for such a handler.
        HandlerMethod foreign = new HandlerMethod(new StopWatch(), StopWatch.class.getMethod("getId"));
        assertThat(interceptor.preHandle(new MockHttpServletRequest(), new MockHttpServletResponse(), foreign)).isTrue();
        assertThat(interceptor.preHandle(new MockHttpServletRequest(), new MockHttpServletResponse(), new ResourceHttpRequestHandler()))
                .isTrue();
    }

    private boolean call(Class<?> controller, String name) throws Exception {
        Method method = controller.getDeclaredMethod(name);
        Object bean = controller.getDeclaredConstructor().newInstance();
        return interceptor.preHandle(new MockHttpServletRequest(), new MockHttpServletResponse(), new HandlerMethod(bean, method));
    }

    private static Subject person(Role role) {
        return new Subject(TenantId.of(UUID.randomUUID()), UUID.randomUUID(), "someone@example.test", "Someone", Set.of(role),
                dev.fortel.access.TenantRoles.defaults().grants(Set.of(role)), role == Role.OPERATOR, "api:0123456789ab");
    }

    private static void signIn(Subject subject) {
        AccessDecisions.SubjectHolder holder = () -> subject;
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(holder, null));
    }
}
