package dev.fortel.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fortel.access.EndpointDeclaration;
import dev.fortel.access.ObjectKind;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint Fortel registers declares what it needs, the public ones are exactly the reviewed list below, and the
 * security filter chains agree with the declarations: a public endpoint is reached without signing in, every other one
 * is turned away by the chain (401 for the API, the sign-in page for the console) before the interceptor is asked.
 */
@FortelServerTest
class EndpointDeclarationTests extends ServerTestSupport {

    /**
     * The endpoints anyone may call without signing in. Adding one here is a security review: say why in its
     * {@code @PublicEndpoint(reason)}, open it in {@code identity.SecurityConfiguration} and limit what it can be used for.
     * (Spring Boot's {@code /error} and the {@code /problems/**} type pages are open in the chain too, but are not Fortel
     * handlers.)
     */
    static final Set<String> PUBLIC = Set.of(
            "GET /login",
            "POST /login/passkey/options",
            "POST /login/passkey",
            "POST /login/sso",
            "GET /saml/{tenant}/metadata",
            "GET /saml/{tenant}/login",
            "POST /saml/{tenant}/acs",
            "GET /forgot-password",
            "POST /forgot-password",
            "GET /activate/{token}",
            "POST /activate/{token}",
            "GET /api/v1/activation/{token}",
            "POST /api/v1/activation/{token}",
            "POST /api/v1/auth/token",
            "POST /api/v1/auth/password-reset-requests");

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

    @Autowired
    ApplicationContext context;

    /** One registered operation of a Fortel controller: "METHOD /pattern" and its handler. */
    record Endpoint(String method, String pattern, HandlerMethod handler) {
        String key() {
            return method + " " + pattern;
        }

        String handlerName() {
            return handler.getBeanType().getSimpleName() + "#" + handler.getMethod().getName();
        }
    }

    @Test
    void everyFortelEndpointDeclaresWhatItNeeds() {
        List<Endpoint> endpoints = fortelEndpoints();
        // Guard against a vacuous pass (e.g. the enumeration finding no controllers at all).
        assertThat(endpoints).hasSizeGreaterThan(80).anyMatch(e -> e.key().equals("GET /api/v1/employees"));
        List<String> undeclared = new ArrayList<>();
        for (Endpoint e : endpoints) {
            if (EndpointDeclaration.of(e.handler().getMethod(), e.handler().getBeanType()) instanceof EndpointDeclaration.Missing missing) {
                undeclared.add(e.key() + " (" + e.handlerName() + ") " + missing.problem());
            }
        }
        assertThat(undeclared).as("endpoints that declare nothing are refused to everyone; declare what each needs").isEmpty();
    }

    /**
     * An endpoint whose path names an employee or a group must say so, so that the declared function is checked against
     * that object's place in the company before the handler runs (a supervisor's grant reaches only their team).
     */
    @Test
    void everyEndpointNamingAnEmployeeOrGroupDeclaresTheObject() {
        List<String> missing = new ArrayList<>();
        int named = 0;
        for (Endpoint e : fortelEndpoints()) {
            boolean employee = e.pattern().matches(".*/employees/\\{id}.*");
            boolean group = e.pattern().matches(".*/groups/\\{id}.*");
            if (!employee && !group) {
                continue;
            }
            if (EndpointDeclaration.of(e.handler().getMethod(), e.handler().getBeanType()) instanceof EndpointDeclaration.Function f) {
                named++;
                ObjectKind expected = employee ? ObjectKind.EMPLOYEE : ObjectKind.GROUP;
                if (f.object() != expected) {
                    missing.add(e.key() + " (" + e.handlerName() + ") declares object " + f.object() + ", expected " + expected);
                }
            }
        }
        assertThat(named).as("endpoints naming an employee or a group").isGreaterThan(30);
        assertThat(missing).as("declare object = ObjectKind.EMPLOYEE or GROUP on these").isEmpty();
    }

    @Test
    void publicEndpointsAreExactlyTheReviewedList() {
        Set<String> declaredPublic = new TreeSet<>();
        for (Endpoint e : fortelEndpoints()) {
            if (EndpointDeclaration.of(e.handler().getMethod(), e.handler().getBeanType()) instanceof EndpointDeclaration.Public) {
                declaredPublic.add(e.key());
            }
        }
        assertThat(declaredPublic).containsExactlyInAnyOrderElementsOf(PUBLIC);
    }

    @Test
    void filterChainsRefuseEveryNonPublicEndpointToAnAnonymousCaller() {
        Map<String, String> wrong = new TreeMap<>();
        AnonymousBrowser browser = new AnonymousBrowser();
        for (Endpoint e : fortelEndpoints()) {
            if (PUBLIC.contains(e.key())) {
                continue;
            }
            String path = VARIABLE.matcher(e.pattern()).replaceAll(UUID.randomUUID().toString());
            if (path.startsWith("/api/")) {
                var r = client.send(client.request(path).header("Content-Type", "application/json")
                        .method(e.method(), HttpRequest.BodyPublishers.ofString("{}")));
                if (r.status() != 401 || !r.body().path("type").asString("").endsWith("/problems/unauthenticated")) {
                    wrong.put(e.key(), r.status() + " " + r.raw());
                }
            } else {
                HttpResponse<String> r = browser.send(e.method(), path);
                String location = r.headers().firstValue("Location").orElse("");
                if (r.statusCode() != 302 || !location.endsWith("/login")) {
                    wrong.put(e.key(), r.statusCode() + " -> " + location);
                }
            }
        }
        assertThat(wrong).as("non-public endpoints an anonymous caller was not sent to sign in from").isEmpty();
    }

    @Test
    void filterChainsLetAnAnonymousCallerReachEveryPublicEndpoint() {
        String link = UUID.randomUUID().toString();
        AnonymousBrowser browser = new AnonymousBrowser();
        // Console pages: the handler answers with its page (an unknown link shows the "link not valid" page).
        assertThat(browser.send("GET", "/login").statusCode()).isEqualTo(200);
        assertThat(browser.send("POST", "/login/passkey/options").statusCode()).isEqualTo(200);
        // No ceremony was started in this session: the passkey sign-in answers with its refusal, not the chain's redirect.
        assertThat(browser.send("POST", "/login/passkey").statusCode()).isEqualTo(401);
        // Single sign-on: an unknown domain goes back to the form with its message; an unknown company is the handler's 404.
        assertThat(browser.send("POST", "/login/sso", "login", "nobody@" + link + ".test").headers().firstValue("Location").orElse(""))
                .endsWith("/login?sso_unknown");
        assertThat(browser.send("GET", "/saml/" + link + "/metadata").statusCode()).isEqualTo(404);
        assertThat(browser.send("GET", "/saml/" + link + "/login").statusCode()).isEqualTo(404);
        assertThat(browser.send("POST", "/saml/" + link + "/acs", "SAMLResponse", "x").statusCode()).isEqualTo(404);
        assertThat(browser.send("GET", "/forgot-password").statusCode()).isEqualTo(200);
        assertThat(browser.send("POST", "/forgot-password", "login", "nobody-" + link + "@example.test").statusCode()).isEqualTo(200);
        assertThat(browser.send("GET", "/activate/" + link).statusCode()).isEqualTo(200);
        assertThat(browser.send("POST", "/activate/" + link, "password", "x", "confirm", "x").statusCode()).isEqualTo(200);
        // API: answers only the handler gives (the chain would say 401 "Sign in first").
        assertThat(client.get(null, "/api/v1/activation/" + link).body().path("type").asString("")).endsWith("/problems/not-found");
        assertThat(client.post(null, "/api/v1/activation/" + link, "{\"password\": \"x\"}").status()).isEqualTo(404);
        assertThat(client.post(null, "/api/v1/auth/password-reset-requests", "{\"login\": \"nobody-" + link + "@example.test\"}").status())
                .isEqualTo(202);
        var token = client.post(null, "/api/v1/auth/token", "{}");
        assertThat(token.status()).isEqualTo(401);
        assertThat(token.body().path("detail").asString("")).contains("HTTP Basic");
    }

    /** Every handler method of every request-mapping handler mapping whose controller is Fortel's. */
    private List<Endpoint> fortelEndpoints() {
        List<Endpoint> out = new ArrayList<>();
        for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
                HandlerMethod handler = entry.getValue();
                if (!handler.getBeanType().getName().startsWith(DeclaredFunctionInterceptor.FORTEL)) {
                    continue;
                }
                RequestMappingInfo info = entry.getKey();
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                // A mapping without methods answers every method; GET stands for them all (the declaration is per handler).
                Set<RequestMethod> effective = methods.isEmpty() ? Set.of(RequestMethod.GET) : methods;
                for (String pattern : info.getPatternValues()) {
                    for (RequestMethod method : effective) {
                        out.add(new Endpoint(method.name(), pattern, handler));
                    }
                }
            }
        }
        return out;
    }

    /** A browser that has not signed in: keeps its session cookie and sends the CSRF token of the sign-in page with forms. */
    private final class AnonymousBrowser {
        private final HttpClient http = HttpClient.newBuilder().sslContext(dev.fortel.support.FortelClient.trustAll())
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> send(String method, String path, String... fields) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.base() + path));
            if (method.equals("GET")) {
                return exchange(request.GET());
            }
            Matcher csrf = CSRF.matcher(exchange(HttpRequest.newBuilder(URI.create(client.base() + "/login")).GET()).body());
            assertThat(csrf.find()).as("CSRF token on the sign-in page").isTrue();
            StringBuilder form = new StringBuilder("_csrf=").append(URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8));
            for (int i = 0; i + 1 < fields.length; i += 2) {
                form.append('&').append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
            }
            return exchange(request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form.toString())));
        }

        private HttpResponse<String> exchange(HttpRequest.Builder request) {
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
