package dev.fortel.telephony;

import dev.fortel.access.Subject;
import org.jspecify.annotations.Nullable;

/** Past-tense facts about telephony objects, published for the journal inside the changing transaction. */
public final class TelephonyEvents {

    private TelephonyEvents() {}

    public record SipAccountCreated(Subject actor, SipAccount account, String employeeLogin) {}

    public record SipAccountDeleted(Subject actor, SipAccount account, String employeeLogin) {}

    /** A new password was generated; the old one stopped working. */
    public record SipPasswordRotated(Subject actor, SipAccount account, String employeeLogin) {}

    /** Someone was shown the password ("факт запроса паролей от SIP-учёток"). */
    public record SipPasswordRevealed(Subject actor, SipAccount account, String employeeLogin, @Nullable String ip,
            @Nullable String userAgent) {}

    /** The calling policy changed: the whole policy before and after, flat, as the journal keeps it. */
    public record OutboundPolicyChanged(Subject actor, java.util.Map<String, Object> before, java.util.Map<String, Object> after) {}

    /** The media-security policy changed (SIP over TLS, SRTP), before and after. */
    public record MediaSecurityChanged(Subject actor, java.util.Map<String, Object> before, java.util.Map<String, Object> after) {}

    /** An employee was {@code added} to or {@code removed} from the speech-analytics list. */
    public record SpeechAnalyticsChanged(Subject actor, java.util.UUID employeeId, String employeeLogin, String change) {}

    /** A number was {@code added} to or {@code removed} from the company's VIP numbers. */
    public record VipNumberChanged(Subject actor, String number, String change) {}

    /** Someone searched the call history: the filters (never the results) and how many calls were found. */
    public record CallHistorySearched(Subject searcher, java.util.Map<String, Object> filters, int found) {}

    /** Someone exported the call history ("факт экспорта истории вызовов"): the filters, the format and how many calls. */
    public record CallHistoryExported(Subject exporter, java.util.Map<String, Object> filters, String format, int calls) {}
}
