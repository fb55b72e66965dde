package dev.fortel.platform;

import jakarta.validation.ConstraintViolation;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Some fields break their rules. The API answers 422 listing each; the console shows each message beside
 * its field. Every violation carries a message code, so people read it in their own language (the
 * {@code violation.*} keys in messages_ru.properties), and an English text, which is the API's default.
 */
public class ValidationFailedException extends RuntimeException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /**
     * @param field the field as the client names it (snake_case in the API)
     * @param code the message key, without its {@code violation.} prefix
     * @param message the English text with {@code args} already in it; translations use {0}, {1}, …
     */
    public record Violation(String field, String code, String message, List<Object> args) {

        public Violation(String field, String code, String message) {
            this(field, code, message, List.of());
        }

        public Violation {
            args = List.copyOf(args);
        }

        /** The message to show, under the key {@code violation.<code>}. */
        public LocalizedMessage text() {
            return new LocalizedMessage("violation." + code, message, args);
        }

        public Violation onField(String other) {
            return new Violation(other, code, message, args);
        }
    }

    // Exceptions are never serialized here (no RMI, no Java serialization of errors); transient says so.
    private final transient List<Violation> violations;

    public ValidationFailedException(List<Violation> violations) {
        super("invalid input: " + violations.stream().map(v -> v.field() + "=" + v.code()).toList());
        this.violations = List.copyOf(violations);
    }

    public static ValidationFailedException of(String field, String code, String message, Object... args) {
        return new ValidationFailedException(List.of(new Violation(field, code, message, List.of(args))));
    }

    /**
     * Bean Validation results as violations. The code is {@code <prefix>.<field>.<Constraint>} (for example
     * {@code employee.login.Email}); the constraint's own message is the English text.
     */
    public static List<Violation> of(String prefix, Collection<? extends ConstraintViolation<?>> found, UnaryOperator<String> fieldName) {
        return found.stream()
                .map(v -> {
                    String field = fieldName.apply(v.getPropertyPath().toString());
                    String constraint = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
                    return new Violation(field, prefix + "." + field + "." + constraint, v.getMessage());
                })
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::code))
                .toList();
    }

    public List<Violation> violations() {
        return violations;
    }

    public @Nullable Violation first() {
        return violations.isEmpty() ? null : violations.getFirst();
    }
}
