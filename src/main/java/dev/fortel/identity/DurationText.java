package dev.fortel.identity;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations on console pages in the reader's language, in the largest whole unit: "90 d", "1 h", "15 min",
 * "2 s" (ru: "90 дн.", "1 ч", "15 мин", "2 с").
 */
final class DurationText {

    private static final long DAY = 86_400;

    private DurationText() {}

    static String of(Duration d, Locale locale) {
        boolean ru = "ru".equals(locale.getLanguage());
        long s = d.toSeconds();
        if (s > 0 && s % DAY == 0) {
            return s / DAY + (ru ? " дн." : " d");
        }
        if (s % 3600 == 0) {
            return s / 3600 + (ru ? " ч" : " h");
        }
        if (s % 60 == 0) {
            return s / 60 + (ru ? " мин" : " min");
        }
        return s + (ru ? " с" : " s");
    }
}
