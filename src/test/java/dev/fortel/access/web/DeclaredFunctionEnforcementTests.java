package dev.fortel.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.support.ConsoleDevice;
import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Fail-closed, end to end through the running server: test-only handlers are added to Spring MVC's own handler mapping
 * for the duration of each test (and removed afterwards, so other tests never see them). One declares nothing, one
 * declares a function but its body never calls {@code require}. The real filter chains, interceptor and exception
 * handlers answer; a counter shows whether a handler body ran.
 *
 * <p>The handler classes are nested in this test class, which keeps Spring Boot's test component scan from
 * registering them by itself.
 */
@FortelServerTest
class DeclaredFunctionEnforcementTests extends ServerTestSupport {

    static final AtomicInteger BODIES_RUN = new AtomicInteger();

    @RestController
    static class TestOnlyApi {
        String undeclared() {
            BODIES_RUN.incrementAndGet();
            return "{\"reached\": true}";
        }

        /** Forgot to call {@code access.require(...)}: the declaration alone has to keep employees out. */
        @RequiresFunction(Permission.EMPLOYEES_MANAGE)
        String forgetful() {
            BODIES_RUN.incrementAndGet();
            return "{\"reached\": true}";
        }
    }

    @Controller
    static class TestOnlyPage {
        @ResponseBody
        String undeclared() {
            BODIES_RUN.incrementAndGet();
            return "reached";
        }
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    private final List<RequestMappingInfo> registered = new ArrayList<>();

    @BeforeEach
    void registerTestOnlyHandlers() throws NoSuchMethodException {
        register("/api/v1/test-only/undeclared", new TestOnlyApi(), TestOnlyApi.class.getDeclaredMethod("undeclared"));
        register("/api/v1/test-only/forgetful", new TestOnlyApi(), TestOnlyApi.class.getDeclaredMethod("forgetful"));
        register("/test-only/undeclared", new TestOnlyPage(), TestOnlyPage.class.getDeclaredMethod("undeclared"));
        BODIES_RUN.set(0);
    }

    @AfterEach
    void removeTestOnlyHandlers() {
        registered.forEach(mapping::unregisterMapping);
        registered.clear();
    }

    @Test
    void apiHandlerWithoutDeclarationIsRefusedEvenToTheCompanyOwner() {
        Fixtures.Company company = fixtures.company("Undeclared");
        FortelClient.Response r = client.get(company.ownerToken(), "/api/v1/test-only/undeclared");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body().get("type").asString()).endsWith("/problems/forbidden");
        assertThat(BODIES_RUN).hasValue(0);
    }

    @Test
    void declaredFunctionIsEnforcedAlthoughTheBodyForgotToAsk() {
        Fixtures.Company company = fixtures.company("Forgetful");
        String employee = fixtures.signedInEmployee(company.ownerToken(), "plain-" + company.id() + "@forgetful.test", "Plain Employee");
        FortelClient.Response refused = client.get(employee, "/api/v1/test-only/forgetful");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("type").asString()).endsWith("/problems/forbidden");
        assertThat(BODIES_RUN).hasValue(0);

        FortelClient.Response admitted = client.get(company.ownerToken(), "/api/v1/test-only/forgetful");
        assertThat(admitted.status()).isEqualTo(200);
        assertThat(BODIES_RUN).hasValue(1);
    }

    @Test
    void consolePageWithoutDeclarationShowsTheErrorPage() {
        Fixtures.Company company = fixtures.company("Undeclared Page");
        ConsoleDevice owner = ConsoleDevice.signIn(client.base(), company.ownerLogin(), Fixtures.PASSWORD, "EndpointTest/1.0");
        HttpResponse<String> page = owner.get("/test-only/undeclared");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).contains("<span class=\"code\">403</span>").doesNotContain("reached");
        assertThat(BODIES_RUN).hasValue(0);
    }

    private void register(String path, Object handler, Method method) {
        RequestMappingInfo info = RequestMappingInfo.paths(path).methods(RequestMethod.GET).options(mapping.getBuilderConfiguration()).build();
        mapping.registerMapping(info, handler, method);
        registered.add(info);
    }
}
