package dev.fortel.notification;

import dev.fortel.tenancy.TenantId;
import java.util.Map;
import java.util.UUID;

/** Past-tense facts about outbound mail, published for the journal. Never carry a mail's text or a password. */
public final class NotificationEvents {

    private NotificationEvents() {}

    /** A mail was written to the outbox, in the transaction of the change that caused it. */
    public record MailQueued(TenantId tenantId, UUID messageId, String kind, String recipient) {}

    /**
     * The provider changed its SMTP settings. The password appears only as {@code changed} or {@code unchanged}
     * in {@code after}.
     */
    public record MailSettingsChanged(TenantId providerTenantId, Map<String, Object> before, Map<String, Object> after) {

        public MailSettingsChanged {
            // Copies that keep null values (a setting that is not set), which Map.copyOf would refuse.
            before = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(before));
            after = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(after));
        }
    }

    /** The provider removed its SMTP settings: mail stays in the local outbox from now on. */
    public record MailSettingsRemoved(TenantId providerTenantId, Map<String, Object> before) {

        public MailSettingsRemoved {
            before = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(before));
        }
    }

    /** A provider operator read the text of a mail in the outbox (it may carry a single-use link). */
    public record OutboxMessageOpened(TenantId providerTenantId, UUID messageId, TenantId messageTenantId, String kind, String recipient) {}

    /** A mail was given up after its last attempt. */
    public record MailDeliveryFailed(TenantId providerTenantId, UUID messageId, TenantId messageTenantId, String kind, String recipient,
            int attempts, String error) {}

    /** The provider's SMS gateway was set, changed or removed ({@code after} empty); never the authorization value. */
    public record SmsSettingsChanged(TenantId providerTenantId, Map<String, Object> before, Map<String, Object> after) {}

    /** The gateway accepted an SMS; {@code to} is partly hidden and the text is never part of the event. */
    public record SmsSent(TenantId tenantId, String kind, String to) {}

    public record SmsFailed(TenantId tenantId, String kind, String to, String reason) {}
}
