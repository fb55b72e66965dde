package dev.fortel.identity;

import dev.fortel.access.Permission;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Long-lived, named API tokens for integrations, a kind apart from the sign-in tokens of {@link ApiTokens}:
 * not bound to a session, so a password change does not end them, but bound to their creator's rights.
 *
 * <ul>
 *   <li>The secret ({@code fti_} and 256 random bits) is shown once, at creation; only its SHA-256 is stored.</li>
 *   <li>The expiry is required and at most the company's maximum token lifetime away; a lifetime shortened later
 *       applies to tokens already issued, counted from their creation.</li>
 *   <li>The scope is a set of functions the creator holds at creation. A request made with the token acts as the
 *       creator limited to the scope ({@link Subject#restrictedTo}), with the creator's <em>current</em> roles: a
 *       right the creator loses, the token loses; a creator who can no longer sign in stops the token.</li>
 *   <li>Creation, revocation and the first use from each address are journaled.</li>
 * </ul>
 */
@Service
class IntegrationTokens {

    static final String PREFIX = "fti_";
    static final int NAME_MAX = 100;
    /** Live tokens per company: enough for any set of integrations, and a bound on what one administrator can mint. */
    static final int LIVE_MAX = 200;
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final SignInPolicies policies;
    private final Accounts accounts;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    private final StepUp stepUp;

    IntegrationTokens(JdbcClient jdbc, SignInPolicies policies, Accounts accounts, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, Clock clock, StepUp stepUp) {
        this.stepUp = stepUp;
        this.jdbc = jdbc;
        this.policies = policies;
        this.accounts = accounts;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    enum Status {
        ACTIVE, EXPIRED, REVOKED;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A token as it is listed (never with its secret).
     *
     * @param expiresAt when it stops working: its own expiry, or earlier when the company's maximum lifetime has since been shortened
     */
    record Token(UUID id, TenantId tenantId, String name, String ref, UUID creatorId, List<String> scope, Instant createdAt,
            Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt, @Nullable String lastUsedIp) {

        Status status(Instant now) {
            if (revokedAt != null) {
                return Status.REVOKED;
            }
            return expiresAt.isAfter(now) ? Status.ACTIVE : Status.EXPIRED;
        }
    }

    /** A new token with its secret, which exists only in this answer. */
    record Created(Token token, String secret) {}

    /**
     * Creates a token for {@code creator}; every broken rule is listed at once and nothing is stored.
     *
     * @throws ValidationFailedException for a missing or long name, an unknown function or one the creator lacks,
     *     a missing or past expiry, or one beyond the company's maximum lifetime
     */
    @Transactional
    Created create(Subject creator, @Nullable String name, @Nullable Collection<String> scope, @Nullable Instant expiresAt) {
        stepUp.require(creator);
        TenantId tenant = creator.tenantId();
        Instant now = now();
        List<Violation> broken = new ArrayList<>();
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            broken.add(new Violation("name", "integrationToken.nameRequired", "required: name the integration, e.g. \"CRM sync\""));
        } else if (trimmed.length() > NAME_MAX) {
            broken.add(new Violation("name", "integrationToken.nameTooLong", "must be at most " + NAME_MAX + " characters", List.of(NAME_MAX)));
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        if (scope == null || scope.isEmpty()) {
            broken.add(new Violation("scope", "integrationToken.scopeRequired",
                    "required: list the functions the token may use, e.g. [\"employees.view\"]"));
        } else {
            TreeSet<String> unknown = new TreeSet<>();
            for (String code : scope) {
                Permission.ofCode(code == null ? "" : code).ifPresentOrElse(permissions::add, () -> unknown.add(String.valueOf(code)));
            }
            TreeSet<String> lacking = new TreeSet<>();
            permissions.stream().filter(p -> !creator.has(p)).forEach(p -> lacking.add(p.code()));
            if (!unknown.isEmpty()) {
                broken.add(new Violation("scope", "integrationToken.scopeUnknown",
                        "contains unknown functions: " + String.join(", ", unknown), List.of(String.join(", ", unknown))));
            }
            if (!lacking.isEmpty()) {
                broken.add(new Violation("scope", "integrationToken.scopeExceeds",
                        "contains functions you do not hold yourself: " + String.join(", ", lacking), List.of(String.join(", ", lacking))));
            }
        }
        Duration max = policies.of(tenant).apiTokens().maxLifetime();
        Instant latest = now.plus(max);
        if (expiresAt == null) {
            broken.add(new Violation("expires_at", "integrationToken.expiryRequired",
                    "required: when the token stops working, e.g. 2026-12-31T00:00:00Z"));
        } else if (!expiresAt.isAfter(now)) {
            broken.add(new Violation("expires_at", "integrationToken.expiryPast", "must be in the future"));
        } else if (expiresAt.isAfter(latest)) {
            broken.add(new Violation("expires_at", "integrationToken.expiryTooLong",
                    "must be at most " + max + " from now (until " + latest.truncatedTo(ChronoUnit.SECONDS)
                            + "), the longest token lifetime your company allows",
                    List.of(max.toString(), latest.truncatedTo(ChronoUnit.SECONDS).toString())));
        }
        if (broken.isEmpty() && live(tenant) >= LIVE_MAX) {
            broken.add(new Violation("name", "integrationToken.tooMany",
                    "your company already has " + LIVE_MAX + " working tokens; revoke unused ones first", List.of(LIVE_MAX)));
        }
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash = ApiTokens.sha256(secret);
        Instant expires = expiresAt.truncatedTo(ChronoUnit.MICROS);
        List<String> codes = codes(permissions);
        Token token = new Token(UUID.randomUUID(), tenant, trimmed, hash.substring(0, 12), creator.employeeId(), codes, now, expires,
                null, null, null);
        jdbc.sql("""
                INSERT INTO integration_tokens (tenant_id, id, token_hash, ref, name, employee_id, scope, created_at, expires_at)
                VALUES (:t, :id, :h, :ref, :name, :e, :scope, :now, :exp)""")
                .param("t", tenant.value()).param("id", token.id()).param("h", hash).param("ref", token.ref()).param("name", trimmed)
                .param("e", creator.employeeId()).param("scope", String.join(",", codes))
                .param("now", ApiTokens.ts(now)).param("exp", ApiTokens.ts(expires)).update();
        events.publishEvent(new IdentityEvents.IntegrationTokenCreated(tenant, token.id(), trimmed, token.ref(), creator.employeeId(), codes,
                expires));
        return new Created(token, secret);
    }

    /** The company's tokens, newest first, revoked and expired ones included (they explain the journal). */
    List<Token> list(TenantId tenant) {
        Duration max = policies.of(tenant).apiTokens().maxLifetime();
        return jdbc.sql("SELECT * FROM integration_tokens WHERE tenant_id = :t ORDER BY created_at DESC, id")
                .param("t", tenant.value()).query((rs, n) -> token(rs, max)).list();
    }

    Optional<Token> find(TenantId tenant, UUID id) {
        Duration max = policies.of(tenant).apiTokens().maxLifetime();
        return jdbc.sql("SELECT * FROM integration_tokens WHERE tenant_id = :t AND id = :id")
                .param("t", tenant.value()).param("id", id).query((rs, n) -> token(rs, max)).optional();
    }

    /**
     * Revokes a token of the caller's company; revoking it again changes nothing and journals nothing.
     *
     * @throws NotFoundException for an id that is not a token of the caller's company
     */
    @Transactional
    Token revoke(Subject actor, UUID id) {
        Token token = find(actor.tenantId(), id).orElseThrow(() -> new NotFoundException("integration token"));
        int revoked = jdbc.sql("""
                        UPDATE integration_tokens SET revoked_at = :now, revoked_by = :by
                        WHERE tenant_id = :t AND id = :id AND revoked_at IS NULL""")
                .param("now", ApiTokens.ts(now())).param("by", actor.employeeId()).param("t", actor.tenantId().value()).param("id", id)
                .update();
        if (revoked == 1) {
            events.publishEvent(new IdentityEvents.IntegrationTokenRevoked(actor.tenantId(), id, token.name(), token.ref(), token.creatorId()));
        }
        return find(actor.tenantId(), id).orElseThrow(() -> new NotFoundException("integration token"));
    }

    /** Decides on a presented integration token; see the class comment for the rules. */
    TokenVerdict authenticate(String secret, RequestOrigin origin) {
        if (!secret.startsWith(PREFIX) || secret.length() > 64) {
            return TokenVerdict.Refused.UNKNOWN;
        }
        String hash = ApiTokens.sha256(secret);
        Optional<TenantId> tenant = TenantContext.asPlatform(() -> jdbc.sql("SELECT tenant_id FROM integration_tokens WHERE token_hash = :h")
                .param("h", hash).query((rs, n) -> TenantId.of(rs.getObject(1, UUID.class))).optional());
        if (tenant.isEmpty()) {
            return TokenVerdict.Refused.UNKNOWN;
        }
        // Read again in the token's own tenant: from here on nothing runs with platform-wide visibility.
        Optional<Token> found = TenantContext.as(tenant.get(), () -> {
            Duration max = policies.of(tenant.get()).apiTokens().maxLifetime();
            return jdbc.sql("SELECT * FROM integration_tokens WHERE tenant_id = :t AND token_hash = :h")
                    .param("t", tenant.get().value()).param("h", hash).query((rs, n) -> token(rs, max)).optional();
        });
        if (found.isEmpty()) {
            return TokenVerdict.Refused.UNKNOWN;
        }
        Token token = found.get();
        Instant now = now();
        switch (token.status(now)) {
            case REVOKED -> {
                return TokenVerdict.Refused.REVOKED;
            }
            case EXPIRED -> {
                return TokenVerdict.Refused.EXPIRED;
            }
            case ACTIVE -> { }
        }
        Optional<Employee> creator = accounts.current(token.tenantId(), token.creatorId());
        if (creator.isEmpty() || !creator.get().canSignIn(now)) {
            return TokenVerdict.Refused.UNKNOWN;
        }
        Set<Permission> scope = EnumSet.noneOf(Permission.class);
        token.scope().forEach(code -> Permission.ofCode(code).ifPresent(scope::add));
        Subject subject = TenantContext.as(token.tenantId(), () -> accounts.subjectOf(creator.get()))
                .restrictedTo(scope).withSessionRef("int:" + token.ref());
        touch(token, subject, origin, now);
        return new TokenVerdict.Accepted(subject);
    }

    /**
     * Records the use (at most once a minute, or at once from another address) and journals the first use from
     * each address: the address table's primary key lets exactly one request, on any node, insert it.
     */
    private void touch(Token token, Subject subject, RequestOrigin origin, Instant now) {
        boolean stale = token.lastUsedAt() == null || token.lastUsedAt().isBefore(now.minus(TOUCH_INTERVAL));
        boolean moved = origin.ip() != null && !origin.ip().equals(token.lastUsedIp());
        if (!stale && !moved) {
            return;
        }
        TenantContext.as(token.tenantId(), () -> transaction.executeWithoutResult(status -> {
            jdbc.sql("UPDATE integration_tokens SET last_used_at = :now, last_used_ip = :ip WHERE tenant_id = :t AND id = :id")
                    .param("now", ApiTokens.ts(now)).param("ip", origin.ip()).param("t", token.tenantId().value()).param("id", token.id())
                    .update();
            if (moved) {
                int inserted = jdbc.sql("""
                                INSERT INTO integration_token_addresses (tenant_id, token_id, ip, first_seen_at) VALUES (:t, :id, :ip, :now)
                                ON CONFLICT DO NOTHING""")
                        .param("t", token.tenantId().value()).param("id", token.id()).param("ip", origin.ip()).param("now", ApiTokens.ts(now))
                        .update();
                if (inserted == 1) {
                    events.publishEvent(new IdentityEvents.IntegrationTokenUsedFromNewAddress(subject, token.id(), token.name(), origin.ip(),
                            origin.userAgent()));
                }
            }
        }));
    }

    private int live(TenantId tenant) {
        return jdbc.sql("SELECT count(*) FROM integration_tokens WHERE tenant_id = :t AND revoked_at IS NULL AND expires_at > :now")
                .param("t", tenant.value()).param("now", ApiTokens.ts(now())).query(Integer.class).single();
    }

    private static Token token(java.sql.ResultSet rs, Duration maxLifetime) throws java.sql.SQLException {
        Instant created = rs.getObject("created_at", OffsetDateTime.class).toInstant();
        Instant expires = rs.getObject("expires_at", OffsetDateTime.class).toInstant();
        Instant capped = created.plus(maxLifetime);
        OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
        OffsetDateTime used = rs.getObject("last_used_at", OffsetDateTime.class);
        String scope = rs.getString("scope");
        return new Token(rs.getObject("id", UUID.class), TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getString("name"),
                rs.getString("ref"), rs.getObject("employee_id", UUID.class), scope.isEmpty() ? List.of() : List.of(scope.split(",")), created,
                capped.isBefore(expires) ? capped : expires, revoked == null ? null : revoked.toInstant(), used == null ? null : used.toInstant(),
                rs.getString("last_used_ip"));
    }

    /** Permission codes in a stable order (the catalog's), as stored and shown. */
    static List<String> codes(Set<Permission> permissions) {
        return permissions.stream().sorted().map(Permission::code).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
