package dev.fortel.platform;

import java.util.List;

/**
 * Several fields break their rules at once. The API answers 422 listing each; the console shows each
 * message beside its field.
 */
public class ValidationFailedException extends RuntimeException {

    /** @param field the field as the client names it (snake_case in the API) */
    public record Violation(String field, String message) {}

    private final List<Violation> violations;

    public ValidationFailedException(List<Violation> violations) {
        super("invalid input: " + violations.stream().map(Violation::field).toList());
        this.violations = List.copyOf(violations);
    }

    public static ValidationFailedException of(String field, String message) {
        return new ValidationFailedException(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
