package dev.fortel.supportaccess.web;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.supportaccess.SupportAccess;
import dev.fortel.supportaccess.SupportGrant;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider's support agents: request access to a client company and follow the request. Acting inside the company
 * is the agent's own bearer token with the header {@code Fortel-Support-Grant: <id>} once the grant is in force.
 */
@RestController
@Tag(name = "Support access")
class ProviderSupportApi {

    private final SupportAccess support;
    private final AccessDecisions access;
    private final Tenants tenants;
    private final Clock clock;

    ProviderSupportApi(SupportAccess support, AccessDecisions access, Tenants tenants, Clock clock) {
        this.support = support;
        this.access = access;
        this.tenants = tenants;
        this.clock = clock;
    }

    record Draft(@Nullable UUID companyId, @Nullable String reason, @Nullable String ticket, @Nullable List<String> functions,
            @Nullable String access, @Nullable Integer minutes) {}

    @Operation(summary = "Ask a client company for support access: company_id, reason, ticket, functions (or access: read_only), minutes")
    @RequiresFunction(Permission.SUPPORT_ACCESS_REQUEST)
    @PostMapping("/api/v1/provider/support-requests")
    @ResponseStatus(HttpStatus.CREATED)
    GrantView request(@RequestBody Draft body) {
        Subject agent = access.require(Permission.SUPPORT_ACCESS_REQUEST);
        SupportGrant g = support.request(agent, new SupportAccess.RequestDraft(body.companyId(), body.reason(), body.ticket(), body.functions(),
                body.access(), body.minutes()));
        return GrantView.of(g, name(g), clock.instant());
    }

    @Operation(summary = "The caller's support requests (every agent's with support.requests.view), newest first")
    @RequiresFunction(Permission.SUPPORT_ACCESS_REQUEST)
    @GetMapping("/api/v1/provider/support-requests")
    Map<String, List<GrantView>> list() {
        Subject agent = access.require(Permission.SUPPORT_ACCESS_REQUEST);
        Map<UUID, String> names = TenantContext.asPlatform(() -> tenants.all()).stream().collect(Collectors.toMap(t -> t.id().value(), Tenant::name));
        Instant now = clock.instant();
        return Map.of("items", support.ofAgent(agent).stream().map(g -> GrantView.of(g, names.get(g.company().value()), now)).toList());
    }

    @Operation(summary = "One of the caller's support requests")
    @RequiresFunction(Permission.SUPPORT_ACCESS_REQUEST)
    @GetMapping("/api/v1/provider/support-requests/{id}")
    GrantView one(@PathVariable UUID id) {
        Subject agent = access.require(Permission.SUPPORT_ACCESS_REQUEST);
        SupportGrant g = support.ofAgent(agent, id);
        return GrantView.of(g, name(g), clock.instant());
    }

    private @Nullable String name(SupportGrant g) {
        return TenantContext.asPlatform(() -> tenants.find(g.company())).map(Tenant::name).orElse(null);
    }
}
