package dev.fortel.access;

import java.util.Locale;

/**
 * How far a grant of a function reaches: the holder's own objects, the employees who report to them
 * (directly or through any number of levels), or the whole company. Ordered from narrowest to widest.
 */
public enum Scope {
    OWN, SUBORDINATES, TENANT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a grant with this scope reaches at least as far as {@code other}. */
    public boolean covers(Scope other) {
        return compareTo(other) >= 0;
    }

    public static Scope widest(Scope a, Scope b) {
        return a.covers(b) ? a : b;
    }
}
