package dev.fortel.identity;

import dev.fortel.access.AccessDecisions;
import dev.fortel.access.Permission;
import dev.fortel.access.RequiresFunction;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employees;
import dev.fortel.platform.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Integration tokens of the caller's company (permission {@code integrations.manage}). The secret appears only in the creation answer. */
@RequiresFunction(Permission.INTEGRATIONS_MANAGE)
@RestController
@Tag(name = "Integration tokens")
class IntegrationTokensApi {

    private final IntegrationTokens tokens;
    private final Employees employees;
    private final AccessDecisions access;
    private final Clock clock;

    IntegrationTokensApi(IntegrationTokens tokens, Employees employees, AccessDecisions access, Clock clock) {
        this.tokens = tokens;
        this.employees = employees;
        this.access = access;
        this.clock = clock;
    }

    record CreateRequest(@Nullable String name, @Nullable List<String> scope, @Nullable Instant expiresAt) {}

    record Creator(UUID id, @Nullable String displayName) {}

    /** @param ref the public reference the journal names the token by ({@code int:...}) */
    record TokenJson(UUID id, String name, String ref, List<String> scope, Creator createdBy, Instant createdAt, Instant expiresAt,
            String status, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt, @Nullable String lastUsedIp) {}

    /** The creation answer: the only place the secret ever appears. */
    record CreatedJson(UUID id, String name, String ref, String token, List<String> scope, Instant createdAt, Instant expiresAt) {}

    record TokenList(List<TokenJson> items) {}

    @Operation(summary = "Create an integration token: name, scope (functions you hold) and expiry (at most the company's maximum); "
            + "the token is shown only in this answer")
    @PostMapping("/api/v1/integration-tokens")
    ResponseEntity<CreatedJson> create(@RequestBody CreateRequest body) {
        Subject s = access.require(Permission.INTEGRATIONS_MANAGE);
        IntegrationTokens.Created created = tokens.create(s, body.name(), body.scope(), body.expiresAt());
        IntegrationTokens.Token t = created.token();
        return ResponseEntity.created(URI.create("/api/v1/integration-tokens/" + t.id())).header("Cache-Control", "no-store")
                .body(new CreatedJson(t.id(), t.name(), "int:" + t.ref(), created.secret(), t.scope(), t.createdAt(), t.expiresAt()));
    }

    @Operation(summary = "The company's integration tokens, newest first, revoked and expired ones included")
    @GetMapping("/api/v1/integration-tokens")
    TokenList list() {
        Subject s = access.require(Permission.INTEGRATIONS_MANAGE);
        List<IntegrationTokens.Token> all = tokens.list(s.tenantId());
        Map<UUID, String> names = employees.names(s.tenantId(), all.stream().map(IntegrationTokens.Token::creatorId).collect(Collectors.toSet()));
        return new TokenList(all.stream().map(t -> json(t, names)).toList());
    }

    @Operation(summary = "One integration token")
    @GetMapping("/api/v1/integration-tokens/{id}")
    TokenJson get(@PathVariable UUID id) {
        Subject s = access.require(Permission.INTEGRATIONS_MANAGE);
        IntegrationTokens.Token t = tokens.find(s.tenantId(), id).orElseThrow(() -> new NotFoundException("integration token"));
        return json(t, employees.names(s.tenantId(), Set.of(t.creatorId())));
    }

    @Operation(summary = "Revoke an integration token: it stops working at once")
    @DeleteMapping("/api/v1/integration-tokens/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id) {
        Subject s = access.require(Permission.INTEGRATIONS_MANAGE);
        tokens.revoke(s, id);
        return ResponseEntity.noContent().build();
    }

    private TokenJson json(IntegrationTokens.Token t, Map<UUID, String> names) {
        return new TokenJson(t.id(), t.name(), "int:" + t.ref(), t.scope(), new Creator(t.creatorId(), names.get(t.creatorId())), t.createdAt(),
                t.expiresAt(), t.status(clock.instant()).code(), t.revokedAt(), t.lastUsedAt(), t.lastUsedIp());
    }
}
