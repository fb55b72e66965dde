package dev.fortel.identity;

import jakarta.servlet.http.HttpSession;
import java.io.Serial;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * The console's sessions in Spring Session JDBC's store, indexed by login (the principal name).
 *
 * <p>Where a session was opened (address, browser) is kept as a session attribute, set at sign-in. The
 * session itself is created at sign-in (session fixation protection migrates to a new session), so its
 * creation time is the sign-in time, from which the company's absolute lifetime counts.
 *
 * <p>Sessions are read through Spring Session's repository, but deleted here with SQL in the caller's
 * transaction: the repository deletes in a transaction of its own, and ending a session must commit or roll
 * back together with its journal event. A deleted session is gone for every node at once; its cookie then
 * names nothing. The session id never leaves this class except as {@link SessionRefs a reference}.
 *
 * <p>Without a web layer (the jar running a command) there is no session repository and nothing is listed.
 */
@Component
class ConsoleSessions {

    /** The session attribute that records where the session was opened. */
    static final String ORIGIN = ConsoleSessions.class.getName() + ".origin";

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> repository;
    private final JdbcClient jdbc;
    private final Clock clock;

    ConsoleSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> repository, JdbcClient jdbc, Clock clock) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Where a console session was opened. Stored in the session, so it must stay serializable. */
    record Origin(@Nullable String ip, @Nullable String userAgent) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * An open session. {@code id} is the secret cookie value: it stays inside the identity module.
     *
     * @param expiresAt when it ends unless used again: the earlier of the idle timeout and the absolute lifetime
     */
    record Open(String id, String ref, @Nullable String ip, @Nullable String userAgent, Instant startedAt, Instant lastActiveAt,
            Instant expiresAt) {}

    /** At sign-in: records the origin and gives the session the company's idle timeout. */
    void started(HttpSession session, Origin origin, Duration idleTimeout) {
        session.setAttribute(ORIGIN, origin);
        session.setMaxInactiveInterval(seconds(idleTimeout));
    }

    /** Keeps a signed-in session's idle timeout equal to the company's current setting (a write only when it changed). */
    void follow(HttpSession session, Duration idleTimeout) {
        if (session.getMaxInactiveInterval() != seconds(idleTimeout)) {
            session.setMaxInactiveInterval(seconds(idleTimeout));
        }
    }

    /** Whether the session has lived its absolute lifetime, counted from its creation (the sign-in). */
    boolean outlived(HttpSession session, Duration absoluteLifetime) {
        return !Instant.ofEpochMilli(session.getCreationTime()).plus(absoluteLifetime).isAfter(clock.instant());
    }

    /** The login's sessions that still work under the given absolute lifetime, most recently used first. */
    List<Open> open(String login, Duration absoluteLifetime) {
        FindByIndexNameSessionRepository<? extends Session> sessions = repository.getIfAvailable();
        if (sessions == null) {
            return List.of();
        }
        Instant now = clock.instant();
        return sessions.findByPrincipalName(login).entrySet().stream()
                .filter(e -> !e.getValue().isExpired())
                .map(e -> open(e.getKey(), e.getValue(), absoluteLifetime))
                .filter(o -> o.startedAt().plus(absoluteLifetime).isAfter(now))
                .sorted(Comparator.comparing(Open::lastActiveAt).reversed())
                .toList();
    }

    private static Open open(String id, Session s, Duration absoluteLifetime) {
        Origin origin = s.getAttribute(ORIGIN) instanceof Origin o ? o : new Origin(null, null);
        Instant idleEnd = s.getLastAccessedTime().plus(s.getMaxInactiveInterval());
        Instant absoluteEnd = s.getCreationTime().plus(absoluteLifetime);
        return new Open(id, SessionRefs.of(id), origin.ip(), origin.userAgent(), s.getCreationTime(), s.getLastAccessedTime(),
                idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd);
    }

    /** Deletes one session in the caller's transaction; returns whether it was still there (so only one caller journals it). */
    boolean end(String sessionId) {
        return jdbc.sql("DELETE FROM spring_session WHERE session_id = :id").param("id", sessionId).update() > 0;
    }

    /** Deletes every session of this login in the caller's transaction; returns how many still worked. */
    int endAll(String login) {
        return endAllExcept(login, null);
    }

    /** Deletes every session of this login but the one with reference {@code keepRef} (the caller's own); returns how many still worked. */
    int endAllExcept(String login, @Nullable String keepRef) {
        FindByIndexNameSessionRepository<? extends Session> sessions = repository.getIfAvailable();
        if (sessions == null) {
            return 0;
        }
        int ended = 0;
        for (Map.Entry<String, ? extends Session> e : sessions.findByPrincipalName(login).entrySet()) {
            if (SessionRefs.of(e.getKey()).equals(keepRef)) {
                continue;
            }
            if (end(e.getKey()) && !e.getValue().isExpired()) {
                ended++;
            }
        }
        return ended;
    }

    private static int seconds(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toSeconds());
    }

    /** Oldest sign-in first: the order in which sessions beyond the company's limit are ended. */
    static final Comparator<Open> OLDEST_FIRST = Comparator.comparing(Open::startedAt);
}
