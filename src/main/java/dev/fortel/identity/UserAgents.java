package dev.fortel.identity;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A short, readable name for a user agent ("Firefox · Windows", "curl"), so that a person recognises their
 * devices in the session list; the full string is shown beside it. A guess from well-known tokens, never used
 * for any decision.
 */
final class UserAgents {

    static final UserAgents INSTANCE = new UserAgents();

    private UserAgents() {}

    public String describe(@Nullable String ua) {
        if (ua == null || ua.isBlank()) {
            return "";
        }
        String client = client(ua);
        String os = os(ua);
        return os == null ? client : client + " · " + os;
    }

    private static String client(String ua) {
        String lower = ua.toLowerCase(Locale.ROOT);
        if (ua.contains("Edg/")) {
            return "Edge";
        }
        if (ua.contains("OPR/") || ua.contains("Opera")) {
            return "Opera";
        }
        if (ua.contains("Firefox/")) {
            return "Firefox";
        }
        if (ua.contains("Chrome/") || ua.contains("Chromium/")) {
            return "Chrome";
        }
        if (ua.contains("Safari/") && ua.contains("Version/")) {
            return "Safari";
        }
        if (lower.startsWith("curl/")) {
            return "curl";
        }
        if (lower.contains("java")) {
            return "Java";
        }
        if (lower.contains("python")) {
            return "Python";
        }
        int slash = ua.indexOf('/');
        String name = slash > 0 ? ua.substring(0, slash) : ua;
        return name.length() > 40 ? name.substring(0, 40) + "…" : name;
    }

    private static @Nullable String os(String ua) {
        if (ua.contains("Windows")) {
            return "Windows";
        }
        if (ua.contains("iPhone") || ua.contains("iPad")) {
            return "iOS";
        }
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) {
            return "macOS";
        }
        if (ua.contains("Android")) {
            return "Android";
        }
        if (ua.contains("CrOS")) {
            return "ChromeOS";
        }
        if (ua.contains("Linux")) {
            return "Linux";
        }
        return null;
    }
}
