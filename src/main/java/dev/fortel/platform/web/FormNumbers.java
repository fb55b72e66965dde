package dev.fortel.platform.web;

import dev.fortel.platform.ValidationFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Whole numbers typed into console forms. Forms keep numbers as text so that a wrong value is shown back as typed;
 * reading one that is not a number is a violation of the field like any other, not a binding error.
 */
public final class FormNumbers {

    private FormNumbers() {}

    /** {@code null} for an empty field; otherwise the number, or a violation of {@code field} with {@code code} and {@code message}. */
    public static @Nullable Integer integer(@Nullable String text, String field, String code, String message) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw ValidationFailedException.of(field, code, message);
        }
    }
}
