package dev.fortel.notification.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.notification.MessageStatus;
import dev.fortel.notification.Outbox;
import dev.fortel.notification.OutboxMessage;
import dev.fortel.platform.Cursor;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every company's outbound mail, for the provider's operators: the record of what went to whom, and the local outbox. */
@RequiresFunction(Permission.TENANTS_MANAGE)
@RestController
@Tag(name = "Provider mail")
class OutboxApi {

    private final Outbox outbox;
    private final Tenants tenants;
    private final AccessDecisions access;

    OutboxApi(Outbox outbox, Tenants tenants, AccessDecisions access) {
        this.outbox = outbox;
        this.tenants = tenants;
        this.access = access;
    }

    record MessageView(UUID id, UUID tenantId, @Nullable String tenantName, String kind, String to, String subject, String status,
            int attempts, @Nullable Instant nextAttemptAt, @Nullable String lastError, Instant createdAt, @Nullable Instant sentAt,
            boolean bodyStored) {

        static MessageView of(OutboxMessage m, Map<UUID, String> names) {
            return new MessageView(m.id(), m.tenantId().value(), names.get(m.tenantId().value()), m.kind(), m.recipient(), m.subject(),
                    m.status().code(), m.attempts(), m.nextAttemptAt(), m.lastError(), m.createdAt(), m.sentAt(), m.bodyStored());
        }
    }

    record MessageList(List<MessageView> items, @Nullable String nextCursor) {}

    /** @param body the text, or null once the mail was delivered (the text is erased then) */
    record OpenedView(MessageView message, @Nullable String body) {}

    @Operation(summary = "Outbound mail of every company, newest first; status: pending, sending, sent, failed, local")
    @GetMapping("/api/v1/provider/outbox")
    MessageList list(@RequestParam(required = false) @Nullable String status, @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        access.require(Permission.TENANTS_MANAGE);
        MessageStatus wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = MessageStatus.of(status).orElseThrow(() -> ValidationFailedException.of("status", "outbox.status",
                    "must be one of pending, sending, sent, failed, local"));
        }
        Outbox.Page page = outbox.page(wanted, cursor, Cursor.limit(limit, 50, 200));
        Map<UUID, String> names = names();
        return new MessageList(page.items().stream().map(m -> MessageView.of(m, names)).toList(), page.nextCursor());
    }

    @Operation(summary = "One mail with its text while it is still stored (reading it is journaled)")
    @GetMapping("/api/v1/provider/outbox/{id}")
    OpenedView open(@PathVariable UUID id) {
        access.require(Permission.TENANTS_MANAGE);
        Outbox.Opened opened = outbox.open(id).orElseThrow(() -> new NotFoundException("message"));
        return new OpenedView(MessageView.of(opened.message(), names()), opened.body());
    }

    private Map<UUID, String> names() {
        return TenantContext.asPlatform(() -> tenants.all()).stream().collect(Collectors.toMap(t -> t.id().value(), Tenant::name));
    }
}
