package dev.fortel.identity;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import dev.fortel.platform.web.Problems;
import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Writes RFC 9457 problems from the security filters, which run before any controller advice can. */
final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {}

    @SuppressFBWarnings(value = "XSS_SERVLET",
            justification = "The body is JSON serialized by Jackson from fixed texts, sent as application/problem+json with nosniff")
    static void write(HttpServletResponse response, HttpStatus status, URI type, String title, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"fortel\"");
        }
        var body = new java.util.LinkedHashMap<String, Object>();
        body.put("type", type.toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        response.getWriter().write(JSON.writeValueAsString(body));
    }

    /**
     * 401 for a refused bearer token. A revoked or expired token is told so (only its holder can present it);
     * any other refusal gets the generic answer, which says nothing about the account behind the token.
     */
    static void tokenRefused(HttpServletResponse response, TokenVerdict.Refused refused) throws IOException {
        switch (refused) {
            case REVOKED -> write(response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, "Token revoked",
                    "The token was revoked. Sign in again for a new one, or ask for a new integration token.");
            case EXPIRED -> write(response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, "Token expired",
                    "The token expired. Sign in again for a new one, or ask for a new integration token.");
            case UNKNOWN -> unauthenticated(response);
        }
    }

    static void supportGrantRefused(HttpServletResponse response) throws IOException {
        write(response, HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Support access not in force",
                "The Fortel-Support-Grant header names no access of yours that is in force: it was never approved, was revoked, or has ended. "
                        + "GET /api/v1/provider/support-requests shows your requests; file a new one if you still need access.");
    }

    static void supportNeedsSecondFactor(HttpServletResponse response) throws IOException {
        write(response, HttpStatus.FORBIDDEN, Problems.SECOND_FACTOR_REQUIRED, "Second factor required for support access",
                "Acting inside a client company needs a sign-in with a second factor: enroll one (POST /api/v1/me/second-factors/totp) "
                        + "and sign in again with X-Fortel-OTP.");
    }

    static void unauthenticated(HttpServletResponse response) throws IOException {
        write(response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, "Unauthenticated",
                "Sign in first: send Authorization: Bearer <token> with a token from POST /api/v1/auth/token.");
    }
}
