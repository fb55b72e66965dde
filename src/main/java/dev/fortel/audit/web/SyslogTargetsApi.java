package dev.fortel.audit.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.audit.syslog.SyslogTarget;
import dev.fortel.audit.syslog.SyslogTargets;
import dev.fortel.audit.syslog.Transport;
import dev.fortel.identity.StepUp;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The company's syslog receivers: where its journal is delivered. Changing where the journal goes could send it to
 * someone else, so every change needs a recent second factor (of whoever has one) and is journaled.
 */
@RestController
@Tag(name = "Journal")
class SyslogTargetsApi {

    private final SyslogTargets targets;
    private final AccessDecisions access;
    private final StepUp stepUp;

    SyslogTargetsApi(SyslogTargets targets, AccessDecisions access, StepUp stepUp) {
        this.targets = targets;
        this.access = access;
        this.stepUp = stepUp;
    }

    record Body(@Nullable String name, @Nullable String host, @Nullable Integer port, @Nullable String transport, @Nullable String format,
            @Nullable Integer facility, @Nullable List<String> eventTypes, @Nullable String caPem, @Nullable String pinnedSha256,
            @Nullable String clientCertPem, @Nullable String clientKeyPem, @Nullable Boolean enabled, @Nullable Boolean fromBeginning) {

        SyslogTargets.Draft draft() {
            return new SyslogTargets.Draft(name, host, port, transport, format, facility, eventTypes, caPem, pinnedSha256, clientCertPem,
                    clientKeyPem, enabled, fromBeginning);
        }
    }

    record Delivery(String state, boolean confirmed, long cursor, long lag, long delivered, int failedAttempts, @Nullable Instant nextAttemptAt,
            @Nullable String lastError, @Nullable Instant lastErrorAt, @Nullable Instant lastDeliveredAt) {}

    record View(UUID id, String name, String host, int port, String transport, String format, int facility, List<String> eventTypes,
            @Nullable String caPem, @Nullable String pinnedSha256, @Nullable String clientCertPem, boolean clientKeySet, boolean enabled,
            Delivery delivery, Instant createdAt, Instant updatedAt) {

        static View of(SyslogTarget t) {
            return new View(t.id(), t.name(), t.host(), t.port(), lower(t.transport().name()), lower(t.format().name()), t.facility(),
                    t.events().patterns(), t.caPem(), t.pinnedSha256(), t.clientCertPem(), t.clientKeySet(), t.enabled(),
                    new Delivery(lower(t.status().name()), t.transport() != Transport.UDP, t.cursor(), t.lag(), t.delivered(), t.attempts(),
                            t.status() == SyslogTarget.Status.FAILING ? t.nextAttemptAt() : null, t.lastError(), t.lastErrorAt(), t.lastDeliveredAt()),
                    t.createdAt(), t.updatedAt());
        }
    }

    record Items(List<View> items) {}

    record Tested(boolean delivered, boolean confirmed, String detail) {}

    @Operation(summary = "The company's syslog receivers, each with its delivery state: cursor, lag (events not yet delivered), last error")
    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @GetMapping("/api/v1/journal/syslog-targets")
    Items list() {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        return new Items(targets.list(s.tenantId()).stream().map(View::of).toList());
    }

    @Operation(summary = "One syslog receiver")
    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @GetMapping("/api/v1/journal/syslog-targets/{id}")
    View get(@PathVariable UUID id) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        return View.of(targets.get(s.tenantId(), id));
    }

    @Operation(summary = "Add a syslog receiver: host, port, transport udp|tcp|tls, format ocsf|cef, facility, event_types (*, auth.*, "
            + "auth.login.failed), for TLS ca_pem or pinned_sha256 and an optional client certificate; delivery starts with the events "
            + "journaled from now on (from_beginning: the whole journal)")
    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @PostMapping("/api/v1/journal/syslog-targets")
    @ResponseStatus(HttpStatus.CREATED)
    View create(@RequestBody Body body) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        stepUp.require(s);
        return View.of(targets.create(s, body.draft()));
    }

    @Operation(summary = "Replace a syslog receiver's settings (client_key_pem left out keeps the stored key); delivery goes on from its cursor")
    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @PutMapping("/api/v1/journal/syslog-targets/{id}")
    View change(@PathVariable UUID id, @RequestBody Body body) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        targets.get(s.tenantId(), id);
        stepUp.require(s);
        return View.of(targets.change(s, id, body.draft()));
    }

    @Operation(summary = "Remove a syslog receiver")
    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @DeleteMapping("/api/v1/journal/syslog-targets/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable UUID id) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        targets.get(s.tenantId(), id);
        stepUp.require(s);
        targets.delete(s, id);
    }

    @Operation(summary = "Connect and send one test message now; says precisely why it failed (refused, unresolvable host, untrusted certificate)")
    @RequiresFunction(Permission.JOURNAL_DELIVERY_MANAGE)
    @PostMapping("/api/v1/journal/syslog-targets/{id}/test")
    Tested test(@PathVariable UUID id) {
        Subject s = access.require(Permission.JOURNAL_DELIVERY_MANAGE);
        SyslogTargets.TestResult r = targets.test(s, id);
        return new Tested(r.delivered(), r.confirmed(), r.detail());
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
