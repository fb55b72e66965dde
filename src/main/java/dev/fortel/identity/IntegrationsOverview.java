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
 * Other modules add their channels through {@link IntegrationChannels} (FTPS delivery of recordings); syslog
 * targets, webhooks and alert rules join the list as they are built.
 */
@Service
class IntegrationsOverview {

    /** One integration token as listed: its name, reference and scope, never its secret. */
    record TokenLine(String name, String ref, List<String> scope, String status, Instant expiresAt, @Nullable Instant lastUsedAt) {}

    /** E-mail ({@code smtp_relay} or {@code local_outbox}), SMS ({@code gateway} or {@code not_configured}), then other modules' channels. */
    private static IntegrationChannels.Channel channel(String kind, String state, @Nullable String detail) {
        return new IntegrationChannels.Channel(kind, state, detail);
    }

    record Overview(List<TokenLine> integrationTokens, List<IntegrationChannels.Channel> channels) {}

    private final IntegrationTokens tokens;
    private final MailSettings mail;
    private final SmsGateway sms;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final List<IntegrationChannels> others;

    IntegrationsOverview(IntegrationTokens tokens, MailSettings mail, SmsGateway sms, ApplicationEventPublisher events, Clock clock,
            List<IntegrationChannels> others) {
        this.others = others;
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
        List<IntegrationChannels.Channel> channels = new java.util.ArrayList<>();
        channels.add(mail.current().map(m -> channel("email", "smtp_relay", m.host() + ":" + m.port()))
                .orElse(channel("email", "local_outbox", null)));
        channels.add(sms.current().map(g -> channel("sms", "gateway", java.net.URI.create(g.url()).getHost()))
                .orElse(channel("sms", "not_configured", null)));
        others.forEach(o -> channels.addAll(o.channels(viewer.tenantId())));
        Overview overview = new Overview(lines, List.copyOf(channels));
        events.publishEvent(new IdentityEvents.IntegrationsOverviewViewed(viewer, lines.size(), origin.ip(), origin.userAgent()));
        return overview;
    }
}
