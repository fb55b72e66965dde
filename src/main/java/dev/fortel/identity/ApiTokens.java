package dev.fortel.identity;

import dev.fortel.access.Subject;
import dev.fortel.platform.FortelProperties;
import dev.fortel.platform.RequestOrigin;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: 256 random bits, shown once, stored only as SHA-256 (a fast hash is right here: the token
 * has full entropy, so there is nothing to brute-force, and every API request verifies one).
 */
@Component
class ApiTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final FortelProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ApiTokens(JdbcClient jdbc, FortelProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    record Issued(String token, String ref, Instant expiresAt) {}

    record Active(TenantId tenantId, UUID employeeId, String ref) {}

    /** Issues a token and journals the sign-in in one transaction. */
    @Transactional
    Issued issue(Subject subject, RequestOrigin origin) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "ft_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String ref = sha256(token).substring(0, 12);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expires = now.plus(properties.apiTokenLifetime());
        jdbc.sql("""
                INSERT INTO api_tokens (token_hash, ref, tenant_id, employee_id, created_at, expires_at, ip, user_agent)
                VALUES (:h, :ref, :t, :e, :now, :exp, :ip, :ua)""")
                .param("h", sha256(token)).param("ref", ref).param("t", subject.tenantId().value()).param("e", subject.employeeId())
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).param("exp", OffsetDateTime.ofInstant(expires, ZoneOffset.UTC))
                .param("ip", origin.ip()).param("ua", origin.userAgent()).update();
        events.publishEvent(new IdentityEvents.SignInSucceeded(subject.withSessionRef("api:" + ref), "api_token", origin.ip(), origin.userAgent()));
        return new Issued(token, ref, expires);
    }

    /** The live token for this secret: not revoked, not expired. Looked up platform-wide, as the token names its tenant. */
    Optional<Active> resolve(String token) {
        if (!token.startsWith("ft_") || token.length() > 64) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return TenantContext.asPlatform(() -> jdbc.sql("""
                        SELECT tenant_id, employee_id, ref FROM api_tokens
                        WHERE token_hash = :h AND revoked_at IS NULL AND expires_at > :now""")
                .param("h", sha256(token)).param("now", now)
                .query((rs, n) -> new Active(TenantId.of(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getString(3)))
                .optional());
    }

    /** Ends the caller's own token (API sign-out). */
    @Transactional
    boolean revoke(String token, Subject subject, RequestOrigin origin) {
        int n = jdbc.sql("UPDATE api_tokens SET revoked_at = :now WHERE token_hash = :h AND tenant_id = :t AND revoked_at IS NULL")
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).param("h", sha256(token))
                .param("t", subject.tenantId().value()).update();
        if (n > 0) {
            events.publishEvent(new IdentityEvents.SignedOut(subject, "api_token", origin.ip(), origin.userAgent()));
        }
        return n > 0;
    }

    /** Ends every live token of an employee (they were disabled or deleted); runs in the caller's transaction. */
    int revokeAll(TenantId tenant, UUID employee) {
        return jdbc.sql("UPDATE api_tokens SET revoked_at = :now WHERE tenant_id = :t AND employee_id = :e AND revoked_at IS NULL")
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).param("t", tenant.value()).param("e", employee)
                .update();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
