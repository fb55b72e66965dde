package dev.fortel.audit.syslog;

import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.OcsfEvent;
import org.jspecify.annotations.Nullable;

/**
 * A journal event as one ArcSight CEF line ({@code CEF:0|vendor|product|version|signature|name|severity|extension}):
 * header fields escape {@code \} and {@code |}; extension values escape {@code \}, {@code =} and line breaks, as the
 * CEF specification requires. Custom fields are labelled ({@code cs1Label=tenant}), so a SIEM can map them by name.
 */
final class CefLine {

    private CefLine() {}

    static String of(JournalEntry e, int syslogSeverity) {
        // CEF severity 0-10: warnings (failures) high, notable events medium, the rest low.
        int severity = syslogSeverity <= 4 ? 7 : OcsfEvent.severityId(e) >= 3 ? 5 : 3;
        StringBuilder out = new StringBuilder(512).append("CEF:0|Fortel|Fortel|1|");
        header(out, e.type());
        out.append('|');
        header(out, e.type());
        out.append('|').append(severity).append('|');
        out.append("rt=").append(e.time().toEpochMilli());
        ext(out, "externalId", e.id().toString());
        ext(out, "outcome", e.outcome() == JournalEntry.Outcome.FAILURE ? "failure" : "success");
        ext(out, "cs1Label", "tenant");
        ext(out, "cs1", e.tenantId().value().toString());
        ext(out, "cn1Label", "seq");
        out.append(" cn1=").append(e.seq());
        ext(out, "suid", e.actor().id() == null ? null : e.actor().id().toString());
        ext(out, "suser", e.actor().name());
        ext(out, "src", e.actor().ip());
        ext(out, "requestClientApplication", e.actor().userAgent());
        if ("employee".equals(e.target().kind())) {
            ext(out, "duid", e.target().id());
            ext(out, "duser", e.target().name());
        } else if (e.target().kind() != null) {
            ext(out, "cs2Label", "target");
            ext(out, "cs2", e.target().kind() + (e.target().id() == null ? "" : ":" + e.target().id()));
        }
        ext(out, "cs3Label", "details");
        ext(out, "cs3", e.details());
        return out.toString();
    }

    private static void header(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '|') {
                out.append('\\');
            }
            out.append(c == '\n' || c == '\r' ? ' ' : c);
        }
    }

    private static void ext(StringBuilder out, String key, @Nullable String value) {
        if (value == null) {
            return;
        }
        out.append(' ').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '=' -> out.append("\\=");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
