package dev.fortel.audit;

import dev.fortel.platform.Cursor;
import dev.fortel.platform.ValidationFailedException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Parses the journal's filter parameters, shared by the API and the console, with messages that say how to fix them. */
public final class JournalQuery {

    private JournalQuery() {}

    /**
     * Dotted lower-case words ({@code auth.login.failed}), optionally ending in {@code .*}. Checked by a
     * linear scan rather than a regular expression, so no input can make the check backtrack (ReDoS).
     */
    static boolean isTypeOrPrefix(String type) {
        if (type.length() > 64) {
            return false;
        }
        String body = type.endsWith(".*") ? type.substring(0, type.length() - 2) : type;
        if (body.isEmpty() || body.startsWith(".") || body.endsWith(".") || body.contains("..")) {
            return false;
        }
        return body.chars().allMatch(c -> c >= 'a' && c <= 'z' || c == '_' || c == '.');
    }

    public static JournalEntries.Filter filter(@Nullable String type, @Nullable String from, @Nullable String to,
            @Nullable String actor, @Nullable String cursor) {
        if (type != null && !type.isBlank() && !isTypeOrPrefix(type)) {
            throw ValidationFailedException.of("type", "journal.type", "must be an event type such as auth.login.failed, or a prefix such as auth.*");
        }
        Instant f = instant("from", from, false);
        Instant t = instant("to", to, true);
        if (f != null && t != null && !f.isBefore(t)) {
            throw ValidationFailedException.of("to", "journal.toBeforeFrom", "must be later than from");
        }
        if (actor != null && actor.length() > 254) {
            throw ValidationFailedException.of("actor", "journal.actorTooLong", "must be at most 254 characters");
        }
        Long before = null;
        String decoded = Cursor.decode(cursor);
        if (decoded != null) {
            try {
                before = Long.parseLong(decoded);
            } catch (NumberFormatException e) {
                throw ValidationFailedException.of("cursor", "cursor.invalid", "is not a cursor this API returned; pass next_cursor unchanged");
            }
        }
        return new JournalEntries.Filter(type == null || type.isBlank() ? null : type, f, t,
                actor == null || actor.isBlank() ? null : actor, before);
    }

    /** Accepts a timestamp (2026-01-31T12:00:00Z) or a date (2026-01-31: its start, or for "to" the next day's start). */
    private static @Nullable Instant instant(String field, @Nullable String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException notInstant) {
            try {
                LocalDate day = LocalDate.parse(value.strip());
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw ValidationFailedException.of(field, "journal.time", "must be a timestamp such as 2026-01-31T12:00:00Z or a date such as 2026-01-31");
            }
        }
    }
}
