package dev.fortel.onboarding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters of reset requests in {@code password_reset_guards}, counted under a row lock so that
 * parallel requests are each counted. Logins are kept only as SHA-256: most logins asked about may name no account.
 * Runs in the caller's (platform-wide) transaction.
 */
@Component
class ResetRequestGuards {

    private final JdbcClient jdbc;

    ResetRequestGuards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String loginSubject(String login) {
        try {
            return "login:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(login.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String addressSubject(String ip) {
        return "ip:" + (ip.length() > 64 ? ip.substring(0, 64) : ip);
    }

    /** Counts one request for {@code subject}; returns whether it is within {@code limit} requests per window. */
    boolean count(String subject, int limit, java.time.Duration window, Instant now) {
        jdbc.sql("INSERT INTO password_reset_guards (subject, requests, window_started) VALUES (:s, 0, :now) ON CONFLICT DO NOTHING")
                .param("s", subject).param("now", ts(now)).update();
        Object[] row = jdbc.sql("SELECT requests, window_started FROM password_reset_guards WHERE subject = :s FOR UPDATE").param("s", subject)
                .query((rs, n) -> new Object[] {rs.getInt(1), rs.getObject(2, OffsetDateTime.class).toInstant()}).single();
        boolean windowOpen = ((Instant) row[1]).plus(window).isAfter(now);
        int requests = (windowOpen ? (Integer) row[0] : 0) + 1;
        jdbc.sql("UPDATE password_reset_guards SET requests = :r, window_started = :w WHERE subject = :s")
                .param("r", requests).param("w", ts(windowOpen ? (Instant) row[1] : now)).param("s", subject).update();
        return requests <= limit;
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
