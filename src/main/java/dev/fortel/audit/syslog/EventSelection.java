package dev.fortel.audit.syslog;

import dev.fortel.audit.JournalTypes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which journal events a target receives: {@code *} (all), a type from the catalog ({@code auth.login.failed}), or a
 * prefix of types ({@code auth.*}). A pattern that names no type of the catalog is refused where it is entered, so a
 * typo cannot silently send nothing.
 */
public record EventSelection(List<String> patterns) {

    public static final EventSelection ALL = new EventSelection(List.of("*"));

    public EventSelection {
        patterns = List.copyOf(patterns);
    }

    public boolean matches(String type) {
        for (String p : patterns) {
            if (p.equals("*") || p.equals(type) || p.endsWith(".*") && type.startsWith(p.substring(0, p.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code pattern} names at least one type of the catalog. */
    static boolean known(String pattern) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return prefix.length() > 1 && JournalTypes.ALL.stream().anyMatch(t -> t.startsWith(prefix));
        }
        return JournalTypes.ALL.contains(pattern);
    }

    /** As stored: the patterns joined by commas. */
    String stored() {
        return String.join(",", patterns);
    }

    static EventSelection fromStored(String text) {
        List<String> out = new ArrayList<>(new LinkedHashSet<>(List.of(text.split(","))));
        out.removeIf(String::isBlank);
        return new EventSelection(out);
    }
}
