package dev.fortel.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A method the API path does not offer ({@code POST /api/v1/calls}) is refused before any controller is chosen, so
 * {@link ApiProblemHandler}, which advises REST controllers, never sees it. This answers it as an RFC 9457 problem
 * that names the methods the path does offer; console paths keep their error page.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MethodNotAllowedProblems {

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException ex, HttpServletRequest request)
            throws HttpRequestMethodNotSupportedException {
        if (!request.getRequestURI().startsWith("/api/")) {
            throw ex;
        }
        String allowed = ex.getSupportedHttpMethods() == null ? "" : String.join(", ", ex.getSupportedHttpMethods().stream().map(Object::toString).toList());
        ProblemDetail problem = Problems.of(HttpStatus.METHOD_NOT_ALLOWED, Problems.METHOD_NOT_ALLOWED, "Method not allowed",
                request.getMethod() + " is not offered at this path" + (allowed.isEmpty() ? "." : "; use " + allowed + "."));
        HttpHeaders headers = new HttpHeaders();
        if (!allowed.isEmpty()) {
            headers.set(HttpHeaders.ALLOW, allowed);
        }
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(headers).body(problem);
    }
}
