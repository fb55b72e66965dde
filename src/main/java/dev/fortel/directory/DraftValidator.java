package dev.fortel.directory;

import dev.fortel.platform.ValidationFailedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Runs Bean Validation on a draft and reports violations under the field names clients use (snake_case). */
@Component
class DraftValidator {

    private final Validator validator;

    DraftValidator(Validator validator) {
        this.validator = validator;
    }

    void check(Object draft) {
        List<ValidationFailedException.Violation> violations = validator.validate(draft).stream()
                .sorted(Comparator.comparing((ConstraintViolation<Object> v) -> v.getPropertyPath().toString()))
                .map(v -> new ValidationFailedException.Violation(snake(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        if (!violations.isEmpty()) {
            throw new ValidationFailedException(violations);
        }
    }

    static String snake(String camel) {
        String field = switch (camel) {
            case "expiresOn" -> "expiresAt";
            default -> camel;
        };
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
