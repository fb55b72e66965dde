package dev.fortel.supportaccess.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.platform.NotFoundException;
import dev.fortel.supportaccess.SupportAccess;
import dev.fortel.supportaccess.SupportPolicy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The client company's side: the provider's requests for support access, the decisions, and the standing policy. */
@RestController
@Tag(name = "Support access")
class SupportAccessApi {

    private final SupportAccess support;
    private final AccessDecisions access;
    private final Clock clock;

    SupportAccessApi(SupportAccess support, AccessDecisions access, Clock clock) {
        this.support = support;
        this.access = access;
        this.clock = clock;
    }

    record Decision(@Nullable List<String> functions, @Nullable Integer minutes, @Nullable Instant expiresAt, @Nullable String note) {}

    record Note(@Nullable String note) {}

    record PolicyBody(@Nullable String mode, @Nullable List<String> autoFunctions, @Nullable Integer maxMinutes) {}

    record PolicyView(String mode, List<String> autoFunctions, int maxMinutes) {
        static PolicyView of(SupportPolicy p) {
            return new PolicyView(p.mode().code(), p.autoFunctions().stream().map(Permission::code).toList(), p.maxMinutes());
        }
    }

    @Operation(summary = "The provider's support requests and grants for this company, newest first")
    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @GetMapping("/api/v1/support-access")
    Map<String, List<GrantView>> list() {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        Instant now = clock.instant();
        return Map.of("items", support.ofCompany(s.tenantId()).stream().map(g -> GrantView.of(g, null, now)).toList());
    }

    @Operation(summary = "One support request or grant")
    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @GetMapping("/api/v1/support-access/{id}")
    GrantView one(@PathVariable UUID id) {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        return GrantView.of(support.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("support_request")), null, clock.instant());
    }

    @Operation(summary = "Approve a request, possibly narrowed: fewer functions, fewer minutes or an earlier expires_at")
    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @PostMapping("/api/v1/support-access/{id}/approve")
    GrantView approve(@PathVariable UUID id, @RequestBody(required = false) @Nullable Decision body) {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        Decision d = body == null ? new Decision(null, null, null, null) : body;
        return GrantView.of(support.approve(s, id, new SupportAccess.Approval(d.functions(), d.minutes(), d.expiresAt(), d.note())), null, clock.instant());
    }

    @Operation(summary = "Deny a request, with an optional note for support")
    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @PostMapping("/api/v1/support-access/{id}/deny")
    GrantView deny(@PathVariable UUID id, @RequestBody(required = false) @Nullable Note body) {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        return GrantView.of(support.deny(s, id, body == null ? null : body.note()), null, clock.instant());
    }

    @Operation(summary = "End a grant in force at once: support's next request inside the company is refused")
    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @PostMapping("/api/v1/support-access/{id}/revoke")
    GrantView revoke(@PathVariable UUID id, @RequestBody(required = false) @Nullable Note body) {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        return GrantView.of(support.revoke(s, id, body == null ? null : body.note()), null, clock.instant());
    }

    @Operation(summary = "The standing policy: ask (default), never, or auto_read (read-only functions approved at once)")
    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @GetMapping("/api/v1/support-access/policy")
    PolicyView policy() {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        return PolicyView.of(support.policy(s.tenantId()));
    }

    @Operation(summary = "Set the standing policy ({\"mode\": \"never\"}, or {\"mode\": \"auto_read\", \"auto_functions\": [\"employees.view\"], \"max_minutes\": 60})")
    @RequiresFunction(Permission.SUPPORT_ACCESS_APPROVE)
    @PutMapping("/api/v1/support-access/policy")
    PolicyView setPolicy(@RequestBody PolicyBody body) {
        Subject s = access.require(Permission.SUPPORT_ACCESS_APPROVE);
        return PolicyView.of(support.setPolicy(s, new SupportAccess.PolicyDraft(body.mode(), body.autoFunctions(), body.maxMinutes())));
    }
}
