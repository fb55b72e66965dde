package dev.fortel.platform.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The problem types Fortel answers with (RFC 9457). Each {@code type} is stable: integrators may switch on
 * it. {@code errors} lists each offending field with what is wrong and how to fix it.
 */
public final class Problems {

    public static final URI VALIDATION = URI.create("/problems/validation");
    public static final URI MALFORMED = URI.create("/problems/malformed-request");
    public static final URI NOT_FOUND = URI.create("/problems/not-found");
    public static final URI CONFLICT = URI.create("/problems/conflict");
    public static final URI UNAUTHENTICATED = URI.create("/problems/unauthenticated");
    public static final URI FORBIDDEN = URI.create("/problems/forbidden");
    public static final URI INTERNAL = URI.create("/problems/internal");
    public static final URI METHOD_NOT_ALLOWED = URI.create("/problems/method-not-allowed");

    /** IP rules refuse the caller's network address (403, distinct from missing rights). */
    public static final URI ADDRESS_NOT_ALLOWED = URI.create("/problems/address-not-allowed");
    /** The password was right; the account also needs a second-factor code (header {@code X-Fortel-OTP}). */
    public static final URI SECOND_FACTOR_REQUIRED = URI.create("/problems/second-factor-required");
    /** The second-factor code was wrong, expired or already used. */
    public static final URI SECOND_FACTOR_FAILED = URI.create("/problems/second-factor-failed");
    /** The company requires a second factor and the caller has none: only enrollment is reachable. */
    public static final URI SECOND_FACTOR_ENROLLMENT_REQUIRED = URI.create("/problems/second-factor-enrollment-required");
    /** A sensitive action needs a recent second factor: step up, then repeat the request. */
    public static final URI STEP_UP_REQUIRED = URI.create("/problems/step-up-required");

    private Problems() {}

    /** One field's complaint: {@code field} in snake_case as the client sent it. */
    public record FieldError(String field, String message) {}

    public static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    public static ProblemDetail invalid(HttpStatus status, String detail, List<FieldError> errors) {
        ProblemDetail problem = of(status, VALIDATION, "Invalid input", detail);
        problem.setProperty("errors", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList());
        return problem;
    }
}
