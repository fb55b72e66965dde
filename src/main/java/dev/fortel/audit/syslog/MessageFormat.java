package dev.fortel.audit.syslog;

/** What a message's text carries after the RFC 5424 header. */
public enum MessageFormat {
    /** The event as OCSF 1.3 JSON, the Fortel event whole under {@code unmapped.fortel}. */
    OCSF,
    /** ArcSight Common Event Format, for SIEMs that parse CEF rather than JSON. */
    CEF
}
