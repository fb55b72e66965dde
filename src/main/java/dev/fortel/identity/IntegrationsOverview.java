package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.notification.MailSettings;
import dev.fortel.notification.SmsGateway;
import dev.fortel.platform.RequestOrigin;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything through which the company's data leaves or can be reached from outside, on one list: its
 * integration tokens, and the notification channels its mail and SMS go through (the provider's). Showing the
 * list is itself journaled, as the first seed asks ("вывод информации по настроенным дополнительным каналам").
 * Syslog targets, file-transfer targets, webhooks and alert rules join the list as they are built.
 */
@Service
class IntegrationsOverview {

    /** One integration token as listed: its name, reference and scope, never its secret. */
    record TokenLine(String name, String ref, List<String> scope, String status, Instant expiresAt, @Nullable Instant lastUsedAt) {}

    /**
     * @param kind {@code email} or {@code sms}
     * @param state {@code smtp_relay}, {@code local_outbox}, {@code gateway} or {@code not_configured}
     * @param detail where it goes (the relay's host, the gateway's address), when configured
     */
    record Channel(String kind, String state, @Nullable String detail) {}

    record Overview(List<TokenLine> integrationTokens, List<Channel> channels) {}

    private final IntegrationTokens tokens;
    private final MailSettings mail;
    private final SmsGateway sms;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    IntegrationsOverview(IntegrationTokens tokens, MailSettings mail, SmsGateway sms, ApplicationEventPublisher events, Clock clock) {
        this.tokens = tokens;
        this.mail = mail;
        this.sms = sms;
        this.events = events;
        this.clock = clock;
    }

    /** The overview for the viewer's company; journaled in the same transaction. */
    @Transactional
    Overview show(Subject viewer, RequestOrigin origin) {
        Instant now = clock.instant();
        List<TokenLine> lines = tokens.list(viewer.tenantId()).stream()
                .map(t -> new TokenLine(t.name(), "int:" + t.ref(), t.scope(), t.status(now).name().toLowerCase(Locale.ROOT), t.expiresAt(),
                        t.lastUsedAt()))
                .toList();
        Channel email = mail.current().map(m -> new Channel("email", "smtp_relay", m.host() + ":" + m.port()))
                .orElse(new Channel("email", "local_outbox", null));
        Channel text = sms.current().map(g -> new Channel("sms", "gateway", java.net.URI.create(g.url()).getHost()))
                .orElse(new Channel("sms", "not_configured", null));
        Overview overview = new Overview(lines, List.of(email, text));
        events.publishEvent(new IdentityEvents.IntegrationsOverviewViewed(viewer, lines.size(), origin.ip(), origin.userAgent()));
        return overview;
    }
}
