package dev.fortel.platform.web;

import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure of a REST controller into an RFC 9457 problem that names the field and says how to
 * fix it. Nothing here ever includes an exception message from a library verbatim, because those can leak
 * class names, SQL or input echoes; the last handler logs the unexpected failure and answers a bare 500.
 */
@RestControllerAdvice(annotations = RestController.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

    private final ViolationMessages messages;

    ApiProblemHandler(ViolationMessages messages) {
        this.messages = messages;
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = describeUnreadable(ex.getCause());
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    static ProblemDetail describeUnreadable(@Nullable Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return Problems.invalid(HttpStatus.BAD_REQUEST, "The request has a field this endpoint does not know.",
                    List.of(new Problems.FieldError(field, "unknown field; remove it (field names are snake_case)")));
        }
        if (cause instanceof InvalidFormatException format) {
            return Problems.invalid(HttpStatus.BAD_REQUEST, "A field has a value of the wrong form.",
                    List.of(new Problems.FieldError(path(format), "expected " + describe(format.getTargetType()))));
        }
        if (cause instanceof tools.jackson.databind.exc.ValueInstantiationException instantiation && !instantiation.getPath().isEmpty()) {
            return Problems.invalid(HttpStatus.BAD_REQUEST, "A field has a value of the wrong form.",
                    List.of(new Problems.FieldError(path(instantiation), "expected " + describe(instantiation.getType().getRawClass()))));
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return Problems.invalid(HttpStatus.BAD_REQUEST, "A field has a value of the wrong type.",
                    List.of(new Problems.FieldError(path(mismatch), "expected " + describe(mismatch.getTargetType()))));
        }
        if (cause instanceof StreamReadException read) {
            var location = read.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            return Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED, "Malformed JSON",
                    "The body is not valid JSON" + where + ". Send a JSON object with Content-Type: application/json.");
        }
        return Problems.of(HttpStatus.BAD_REQUEST, Problems.MALFORMED, "Malformed request",
                "The body is missing or is not the JSON object this endpoint expects.");
    }

    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(@Nullable Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == java.util.UUID.class) {
            return "a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6";
        }
        if (type == java.time.Duration.class) {
            return "an ISO 8601 duration such as PT15M (15 minutes) or P90D (90 days)";
        }
        if (type == java.time.LocalDate.class) {
            return "a date as YYYY-MM-DD";
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
            return "a timestamp as 2026-01-31T12:00:00Z";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(Locale.ROOT)).toList();
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new Problems.FieldError(snake(e.getField()), e.getDefaultMessage() == null ? "is invalid" : e.getDefaultMessage()))
                .toList();
        ProblemDetail problem = Problems.invalid(HttpStatus.UNPROCESSABLE_CONTENT, "Some fields are invalid; see errors.", errors);
        return ResponseEntity.unprocessableContent().body(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(e -> new Problems.FieldError(
                        snake(r.getMethodParameter().getParameterName() == null ? "parameter" : r.getMethodParameter().getParameterName()),
                        e.getDefaultMessage() == null ? "is invalid" : e.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(Problems.invalid(HttpStatus.BAD_REQUEST, "Some parameters are invalid; see errors.", errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
        boolean isPathId = ex.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class);
        if (isPathId && ex.getRequiredType() == java.util.UUID.class) {
            // A malformed id cannot name anything: answer exactly as for a missing object.
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                    "Not found", "No such object. Ids are UUIDs such as 3fa85f64-5717-4562-b3fc-2c963f66afa6."));
        }
        return ResponseEntity.badRequest().body(Problems.invalid(HttpStatus.BAD_REQUEST, "A parameter has a value of the wrong form.",
                List.of(new Problems.FieldError(ex.getName(), "expected " + describe(ex.getRequiredType())))));
    }

    /** A body read field by field after the request was parsed (JSON Merge Patch) fails the same way an unreadable one does. */
    @ExceptionHandler(JacksonException.class)
    ResponseEntity<ProblemDetail> unreadableField(JacksonException ex) {
        ProblemDetail problem = describeUnreadable(ex);
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(dev.fortel.platform.StepUpRequiredException.class)
    ResponseEntity<ProblemDetail> stepUp(dev.fortel.platform.StepUpRequiredException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, Problems.STEP_UP_REQUIRED, "Second factor required for this action",
                "This action needs a second factor confirmed within the last " + ex.maxAgeMinutes() + " minutes. Send a current code with "
                        + "POST /api/v1/auth/step-up (header X-Fortel-OTP), then repeat the request.");
        problem.setProperty("max_age_minutes", ex.maxAgeMinutes());
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("Cache-Control", "no-store").body(problem);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException ex) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "No such " + ex.kind() + "."));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException ex) {
        String text = messages.text(ex.violation().text());
        ProblemDetail problem = Problems.invalid(HttpStatus.CONFLICT, text, List.of(new Problems.FieldError(ex.field(), text)));
        problem.setType(Problems.CONFLICT);
        problem.setTitle("Conflict");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException ex) {
        // Services translate the duplicates they expect; this is the race where two requests collide.
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Conflict",
                "The object clashes with one created at the same moment; reload and try again."));
    }

    @ExceptionHandler(ValidationFailedException.class)
    ResponseEntity<ProblemDetail> validationFailed(ValidationFailedException ex) {
        return ResponseEntity.unprocessableContent().body(Problems.invalid(HttpStatus.UNPROCESSABLE_CONTENT,
                "Some fields are invalid; see errors.",
                ex.violations().stream().map(v -> new Problems.FieldError(v.field(), messages.text(v.text()))).toList()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> forbidden(AccessDeniedException ex) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                "Your roles do not allow this action. Ask an administrator of your company for access."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        log.error("Unexpected failure answering an API request", ex);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL,
                "Internal error", "The server could not complete the request. Nothing was changed; try again later."));
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
