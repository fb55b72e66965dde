package dev.fortel.platform;

import java.util.List;

/** The request is valid but clashes with existing data (a login already taken, say): HTTP 409. */
public class ConflictException extends RuntimeException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    // Exceptions are never serialized here (no RMI, no Java serialization of errors); transient says so.
    private final transient ValidationFailedException.Violation violation;

    public ConflictException(String field, String code, String message) {
        super(message);
        this.violation = new ValidationFailedException.Violation(field, code, message, List.of());
    }

    /** With {@code args} for the translations' {0}, {1}, … ({@code message} has them already, in English). */
    public ConflictException(String field, String code, String message, Object... args) {
        this(new ValidationFailedException.Violation(field, code, message, List.of(args)));
    }

    private ConflictException(ValidationFailedException.Violation violation) {
        super(violation.message());
        this.violation = violation;
    }

    public String field() {
        return violation.field();
    }

    public ValidationFailedException.Violation violation() {
        return violation;
    }

    public ConflictException onField(String other) {
        return new ConflictException(violation.onField(other));
    }
}
