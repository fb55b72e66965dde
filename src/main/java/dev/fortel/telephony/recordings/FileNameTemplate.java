package dev.fortel.telephony.recordings;

import dev.fortel.platform.ValidationFailedException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a delivered recording goes below the FTPS folder, such as {@code {date}/{call_id}.{ext}}. A template
 * stays inside its folder: no leading slash, no {@code ..} or empty segment, no backslash; the call id put into it
 * has everything but letters, digits, dot, dash and underscore replaced, and can never be {@code ..}.
 */
record FileNameTemplate(String value) {

    static final String DEFAULT = "{date}/{call_id}.{ext}";
    static final Set<String> PLACEHOLDERS = Set.of("call_id", "date", "year", "month", "day", "ext", "direction");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._/-]*");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    /** @throws ValidationFailedException on field {@code field}, saying what is wrong and what would do */
    static FileNameTemplate parse(String text, String field) {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 200) {
            throw ValidationFailedException.of(field, "recordings.template", "must be 1 to 200 characters, such as " + DEFAULT, DEFAULT);
        }
        Matcher m = PLACEHOLDER.matcher(t);
        boolean callId = false;
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw ValidationFailedException.of(field, "recordings.placeholder", "has an unknown placeholder {" + m.group(1)
                        + "}; use {call_id}, {date}, {year}, {month}, {day}, {ext} or {direction}", m.group(1));
            }
            callId |= "call_id".equals(m.group(1));
        }
        String literal = PLACEHOLDER.matcher(t).replaceAll("x");
        if (t.startsWith("/") || t.contains("\\") || t.contains("//") || t.endsWith("/")
                || java.util.Arrays.stream(literal.split("/")).anyMatch(s -> s.equals("..") || s.equals("."))
                || java.util.Arrays.stream(t.split("/")).anyMatch(s -> s.equals("..") || s.equals("."))) {
            throw ValidationFailedException.of(field, "recordings.templateEscapes",
                    "must stay inside the delivery folder: no leading slash, no . or .. segment, no backslash, no empty segment");
        }
        if (!LITERAL.matcher(literal).matches()) {
            throw ValidationFailedException.of(field, "recordings.templateCharacters",
                    "may hold only letters, digits, dot, dash, underscore, slash and placeholders");
        }
        if (!callId) {
            throw ValidationFailedException.of(field, "recordings.templateCallId", "must contain {call_id}, so that no two recordings get the same name");
        }
        return new FileNameTemplate(t);
    }

    /** The relative path of one recording. */
    String render(String callId, Instant startedAt, String direction, String extension) {
        String safeId = callId.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safeId.matches("\\.+")) {
            safeId = safeId.replace('.', '_');
        }
        String date = DATE.format(startedAt);
        Map<String, String> values = Map.of("call_id", safeId, "date", date, "year", date.substring(0, 4), "month", date.substring(5, 7),
                "day", date.substring(8, 10), "ext", extension, "direction", direction);
        return PLACEHOLDER.matcher(value).replaceAll(r -> Matcher.quoteReplacement(values.get(r.group(1))));
    }
}
