package dev.fortel.notification;

import dev.fortel.platform.Cursor;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox: where mail is written in the caller's transaction and read by the provider operator. Bodies are
 * sealed with {@link SecretBox}, bound to the message's company and id, because they carry single-use links.
 */
@Service
public class Outbox {

    static final String BODY_PURPOSE = "notification.outbox-body";

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final MailSettings settings;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Outbox(JdbcClient jdbc, SecretBox secrets, MailSettings settings, ApplicationEventPublisher events, PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.settings = settings;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** A mail with its text, as the operator opens it. {@code body} is null once delivered (erased). */
    public record Opened(OutboxMessage message, @Nullable String body) {}

    public record Page(List<OutboxMessage> items, @Nullable String nextCursor) {

        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * Writes a mail in the caller's transaction: it exists, and is delivered, only if that transaction commits.
     * Delivery starts right after the commit (never on the caller's thread, so the caller's answer does not
     * depend on the mail server).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID queue(OutgoingMail mail) {
        String to = mail.to().strip();
        if (!MailServerRules.email(to)) {
            throw ValidationFailedException.of("to", "mail.to.invalid", "must be an e-mail address such as anna@example.com");
        }
        // A line break in a subject would start a new header.
        String subject = mail.subject().replaceAll("[\\r\\n\\t]+", " ").strip();
        subject = subject.length() > 300 ? subject.substring(0, 300) : subject;
        UUID id = UUID.randomUUID();
        Instant now = now();
        jdbc.sql("""
                INSERT INTO outbox (tenant_id, id, kind, recipient, subject, body_sealed, status, attempts, next_attempt_at, created_at)
                VALUES (:t, :id, :kind, :to, :subject, :body, 'PENDING', 0, :now, :now)""")
                .param("t", mail.tenantId().value()).param("id", id).param("kind", mail.kind()).param("to", to).param("subject", subject)
                .param("body", secrets.seal(mail.body(), BODY_PURPOSE, bodyOwner(mail.tenantId(), id)))
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).update();
        events.publishEvent(new NotificationEvents.MailQueued(mail.tenantId(), id, mail.kind(), to));
        return id;
    }

    /** Every company's mail, newest first; for the provider operator. */
    public Page page(@Nullable MessageStatus status, @Nullable String cursor, int limit) {
        String after = Cursor.decode(cursor);
        OffsetDateTime afterTime = null;
        UUID afterId = null;
        if (after != null) {
            try {
                String[] parts = after.split("\\|", 2);
                afterTime = OffsetDateTime.parse(parts[0]);
                afterId = UUID.fromString(parts[1]);
            } catch (RuntimeException e) {
                throw ValidationFailedException.of("cursor", "cursor.invalid", "is not a cursor this API returned; pass next_cursor unchanged");
            }
        }
        // SQL text from constants only; the optional conditions are added as whole clauses.
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM outbox WHERE 1 = 1");
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (afterTime != null) {
            sql.append(" AND (created_at < :afterTime OR (created_at = :afterTime AND id < :afterId))");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
        OffsetDateTime t = afterTime;
        UUID i = afterId;
        List<OutboxMessage> rows = TenantContext.asPlatform(() -> {
            var query = jdbc.sql(sql.toString()).param("limit", limit + 1);
            if (status != null) {
                query = query.param("status", status.name());
            }
            if (t != null) {
                query = query.param("afterTime", t).param("afterId", i);
            }
            return query.query(Outbox::map).list();
        });
        List<OutboxMessage> items = rows.stream().limit(limit).toList();
        String next = rows.size() > limit ? Cursor.encode(items.getLast().createdAt().atOffset(ZoneOffset.UTC) + "|" + items.getLast().id()) : null;
        return new Page(items, next);
    }

    public Optional<OutboxMessage> find(UUID id) {
        return TenantContext.asPlatform(() -> jdbc.sql("SELECT " + COLUMNS + " FROM outbox WHERE id = :id").param("id", id)
                .query(Outbox::map).optional());
    }

    /**
     * The mail with its text, for the provider operator; reading a text that is still stored is journaled in the
     * provider's journal, since it may carry someone's single-use link.
     */
    public Optional<Opened> open(UUID id) {
        return TenantContext.asPlatform(() -> transaction.execute(status -> {
            Optional<OutboxMessage> found = jdbc.sql("SELECT " + COLUMNS + " FROM outbox WHERE id = :id").param("id", id)
                    .query(Outbox::map).optional();
            if (found.isEmpty()) {
                return Optional.<Opened>empty();
            }
            OutboxMessage m = found.get();
            String sealed = jdbc.sql("SELECT body_sealed FROM outbox WHERE id = :id").param("id", id).query(String.class).optional().orElse(null);
            if (sealed == null) {
                return Optional.of(new Opened(m, null));
            }
            String body = secrets.openText(sealed, BODY_PURPOSE, bodyOwner(m.tenantId(), m.id()));
            events.publishEvent(new NotificationEvents.OutboxMessageOpened(settings.providerId(), m.id(), m.tenantId(), m.kind(), m.recipient()));
            return Optional.of(new Opened(m, body));
        }));
    }

    static String bodyOwner(TenantId tenant, UUID message) {
        return tenant + "/outbox/" + message;
    }

    static final String COLUMNS = "tenant_id, id, kind, recipient, subject, status, attempts, next_attempt_at, last_error, created_at, sent_at, "
            + "body_sealed IS NOT NULL AS body_stored";

    static OutboxMessage map(ResultSet rs, int row) throws SQLException {
        return new OutboxMessage(rs.getObject("id", UUID.class), TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getString("kind"),
                rs.getString("recipient"), rs.getString("subject"), MessageStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getInt("attempts"), instant(rs.getObject("next_attempt_at", OffsetDateTime.class)), rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), instant(rs.getObject("sent_at", OffsetDateTime.class)),
                rs.getBoolean("body_stored"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
