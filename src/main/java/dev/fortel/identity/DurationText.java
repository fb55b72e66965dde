package dev.fortel.identity;

import java.time.Duration;
import java.util.Locale;

/** Durations on console pages in the reader's language: whole days as days ("90 d", ru "90 дн."), else as {@link SignInStatusPage#human}. */
final class DurationText {

    private static final long DAY = 86_400;

    private DurationText() {}

    static String of(Duration d, Locale locale) {
        long s = d.toSeconds();
        if (s > 0 && s % DAY == 0) {
            return s / DAY + ("ru".equals(locale.getLanguage()) ? " дн." : " d");
        }
        return SignInStatusPage.human(d, locale);
    }
}
