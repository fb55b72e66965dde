package dev.fortel.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** Formats instants on console pages: UTC, to the second, the same in every language (as a SIEM shows them). */
public final class TimeFormat {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    public String time(@Nullable Instant instant) {
        return instant == null ? "" : SECONDS.format(instant);
    }

    public String day(@Nullable Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }
}
