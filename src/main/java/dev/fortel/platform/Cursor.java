package dev.fortel.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Opaque keyset-pagination cursors: the sort key of the last item returned, base64url-encoded. Opaque so
 * clients do not build them; keyset rather than offset so pages stay stable while rows are added.
 */
public final class Cursor {

    private Cursor() {}

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    public static @Nullable String decode(@Nullable String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ValidationFailedException.of("cursor", "cursor.invalid", "is not a cursor this API returned; pass next_cursor unchanged");
        }
    }

    /** Clamps a requested page size; {@code null} gives the default. */
    public static int limit(@Nullable Integer requested, int defaultLimit, int max) {
        if (requested == null) {
            return defaultLimit;
        }
        if (requested < 1 || requested > max) {
            throw ValidationFailedException.of("limit", "limit.range", "must be between 1 and " + max, max);
        }
        return requested;
    }
}
