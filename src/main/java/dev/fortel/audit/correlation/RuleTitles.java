package dev.fortel.audit.correlation;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Titles of rules in the reader's language. Sigma titles are one string, written in English by the rules Fortel
 * ships; a shipped rule whose title is still the shipped one is shown under its translation ({@code rule.<file>.<rule>}).
 * A title a company wrote, or changed, is shown as written.
 */
@Component("ruleTitles")
public class RuleTitles {

    private final MessageSource messages;

    RuleTitles(MessageSource messages) {
        this.messages = messages;
    }

    public String of(String file, String rule, String title) {
        return in(file, rule, title, LocaleContextHolder.getLocale());
    }

    public String in(String file, String rule, String title, Locale locale) {
        boolean shipped = java.util.stream.Stream.concat(BuiltInRules.company().stream(), BuiltInRules.provider().stream())
                .filter(f -> f.name().equals(file)).flatMap(f -> f.rules().stream())
                .anyMatch(r -> r.name().equals(rule) && r.title().equals(title));
        return shipped ? messages.getMessage("rule." + file + "." + rule, null, title, locale) : title;
    }
}
