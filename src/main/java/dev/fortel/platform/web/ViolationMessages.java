package dev.fortel.platform.web;

import dev.fortel.platform.ConflictException;
import dev.fortel.platform.ValidationFailedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Words violations in the language of the current request (the console's choice, or the API's Accept-Language). */
@Component
public class ViolationMessages {

    private final MessageSource messages;

    ViolationMessages(MessageSource messages) {
        this.messages = messages;
    }

    public String text(MessageSourceResolvable resolvable) {
        return messages.getMessage(resolvable, LocaleContextHolder.getLocale());
    }

    /** Field name to message, for showing beside form fields; several broken rules of one field are all listed. */
    public Map<String, String> byField(List<ValidationFailedException.Violation> violations) {
        Map<String, String> byField = new LinkedHashMap<>();
        for (ValidationFailedException.Violation v : violations) {
            byField.merge(v.field(), text(v.text()), (a, b) -> a + "; " + b);
        }
        return byField;
    }

    public Map<String, String> byField(ValidationFailedException e) {
        return byField(e.violations());
    }

    public Map<String, String> byField(ConflictException e) {
        return byField(List.of(e.violation()));
    }

    /**
     * The errors of a list's items ({@code field[0]}, {@code field[1].role}, …) by 1-based line, for a console text box
     * that holds the list one item per line; several errors of one item are joined.
     */
    public static Map<Integer, String> byLine(Map<String, String> errors, String field) {
        String prefix = field + "[";
        Map<Integer, String> lines = new java.util.TreeMap<>();
        errors.forEach((name, message) -> {
            if (name.startsWith(prefix)) {
                lines.merge(Integer.parseInt(name.substring(prefix.length(), name.indexOf(']'))) + 1, message, (a, b) -> a + "; " + b);
            }
        });
        return lines;
    }
}
