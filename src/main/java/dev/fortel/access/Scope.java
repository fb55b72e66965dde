package dev.fortel.access;

import java.util.Locale;
import java.util.Optional;

/**
 * How far one grant of a function reaches: the holder's own objects, the members of chosen groups, the employees
 * who report to the holder (directly or through any number of levels), or the whole company. Every scope includes
 * the holder's own objects. A grant's groups are listed only with {@link #GROUPS}; see {@link Grant}.
 */
public enum Scope {
    OWN, GROUPS, SUBORDINATES, TENANT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> ofCode(String code) {
        for (Scope s : values()) {
            if (s.code().equals(code)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
