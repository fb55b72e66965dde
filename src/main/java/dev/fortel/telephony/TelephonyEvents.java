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

    /** The media layer stored a call's recording (encrypted under the company's key). */
    public record RecordingStored(dev.fortel.tenancy.TenantId tenantId, String callId, String mediaType, long sizeBytes, String sha256) {}

    /**
     * Someone started playing ({@code play}) or downloading ({@code download}) a recording: the seed's "факт
     * прослушивания и выгрузки записей разговоров". Journaled once per link, on its first use.
     */
    public record RecordingOpened(Subject actor, String callId, String purpose, java.util.@Nullable UUID employeeId, @Nullable String ip,
            @Nullable String userAgent) {}

    /** A recording reached the end of the company's retention period and was deleted. */
    public record RecordingExpired(dev.fortel.tenancy.TenantId tenantId, String callId, java.time.Instant storedAt, int retentionDays) {}

    /** A recording was put on the company's FTPS server. */
    public record RecordingDelivered(dev.fortel.tenancy.TenantId tenantId, String callId, String host, String remotePath, int attempt) {}

    /** A delivery attempt failed; {@code finalAttempt} when no more will be made. */
    public record RecordingDeliveryFailed(dev.fortel.tenancy.TenantId tenantId, String callId, String host, int attempt, String reason,
            boolean finalAttempt) {}

    /** The recording settings changed (retention, FTPS target), before and after, the password never shown. */
    public record RecordingSettingsChanged(Subject actor, java.util.Map<String, Object> before, java.util.Map<String, Object> after) {}

    /**
     * Someone saw or opened calls of the company's VIP numbers: in a search, an export, or a recording played or
     * downloaded ({@code access}). The alerts turn this into an e-mail.
     */
    public record VipDataAccessed(Subject actor, String access, java.util.List<String> numbers, java.util.List<String> callIds) {}
}
