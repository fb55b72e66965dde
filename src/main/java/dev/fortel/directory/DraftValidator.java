package dev.fortel.directory;

import dev.fortel.platform.ValidationFailedException;
import jakarta.validation.Validator;
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
        String prefix = draft.getClass().getSimpleName().replace("Draft", "").toLowerCase(Locale.ROOT);
        List<ValidationFailedException.Violation> violations = ValidationFailedException.of(prefix, validator.validate(draft),
                DraftValidator::snake);
        if (!violations.isEmpty()) {
            throw new ValidationFailedException(violations);
        }
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
