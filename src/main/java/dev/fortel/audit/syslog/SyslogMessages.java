package dev.fortel.audit.syslog;

import dev.fortel.audit.JournalEntry;
import dev.fortel.audit.OcsfEvent;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RFC 5424 messages for journal events. The header carries the event's time (microseconds, UTC), this node's host
 * name, {@code fortel}, the process id and the event type as MSGID; the structured data element names the event's id,
 * company, type, sequence and outcome, so a receiver can route and deduplicate without parsing the text; the text is
 * the OCSF JSON (with the UTF-8 byte order mark RFC 5424 section 6.4 asks of UTF-8 text) or a CEF line.
 */
final class SyslogMessages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** Syslog severities (RFC 5424 table 2). */
    private static final int WARNING = 4;
    private static final int NOTICE = 5;
    private static final int INFORMATIONAL = 6;

    private final String hostname;
    private final String procId;
    private final String sdId;

    /**
     * @param hostname this node's name as receivers should see it (printable ASCII, at most 255)
     * @param sdId the structured-data id, {@code name@<private enterprise number>} (RFC 5424 section 7.2.2)
     */
    SyslogMessages(String hostname, String sdId) {
        this.hostname = printable(hostname, 255);
        this.procId = Long.toString(ProcessHandle.current().pid());
        this.sdId = sdId;
    }

    /** The whole message, ready for framing. */
    byte[] message(JournalEntry e, int facility, MessageFormat format) {
        int severity = e.outcome() == JournalEntry.Outcome.FAILURE ? WARNING : OcsfEvent.severityId(e) >= 3 ? NOTICE : INFORMATIONAL;
        StringBuilder head = new StringBuilder(256);
        head.append('<').append(facility * 8 + severity).append(">1 ").append(TIME.format(e.time())).append(' ').append(hostname)
                .append(" fortel ").append(procId).append(' ').append(printable(e.type(), 32)).append(" [").append(sdId)
                .append(" event_id=\"").append(e.id()).append("\" tenant=\"").append(e.tenantId().value()).append("\" type=\"");
        param(head, e.type());
        head.append("\" seq=\"").append(e.seq()).append("\" outcome=\"").append(e.outcome() == JournalEntry.Outcome.FAILURE ? "failure" : "success")
                .append("\"] ");
        byte[] header = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] text = (format == MessageFormat.CEF ? CefLine.of(e, severity) : OcsfEvent.json(e)).getBytes(StandardCharsets.UTF_8);
        boolean bom = format == MessageFormat.OCSF;
        byte[] out = new byte[header.length + (bom ? BOM.length : 0) + text.length];
        System.arraycopy(header, 0, out, 0, header.length);
        if (bom) {
            System.arraycopy(BOM, 0, out, header.length, BOM.length);
        }
        System.arraycopy(text, 0, out, out.length - text.length, text.length);
        return out;
    }

    /** A message that is no journal event: the console's "send a test message". */
    byte[] test(int facility, String tenant, String text) {
        String m = "<" + (facility * 8 + NOTICE) + ">1 " + TIME.format(java.time.Instant.now()) + " " + hostname + " fortel " + procId
                + " fortel.test [" + sdId + " tenant=\"" + tenant + "\" type=\"syslog.test\"] " + text;
        return m.getBytes(StandardCharsets.UTF_8);
    }

    /** An SD-PARAM value: {@code "}, {@code \} and {@code ]} escaped (RFC 5424 section 6.3.3). */
    private static void param(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\');
            }
            out.append(c);
        }
    }

    /** Header fields are printable US-ASCII without spaces (RFC 5424 section 6); anything else becomes '_'. */
    private static String printable(String value, int max) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.isEmpty() ? "-" : out.toString();
    }
}
