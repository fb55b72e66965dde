package dev.fortel.identity;

import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * Ends an employee's console sessions in the session store (Spring Session JDBC, indexed by login), so a
 * reset password or a disabled account takes effect on every device at once, not at the next request's
 * re-check. Absent when the jar runs a command (no web layer, no session store): then there is nothing to end.
 */
@Component
class ConsoleSessions {

    private final ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> repository;

    ConsoleSessions(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> repository) {
        this.repository = repository;
    }

    /** Deletes every console session of this login; returns how many there were. */
    int endAll(String login) {
        FindByIndexNameSessionRepository<? extends Session> sessions = repository.getIfAvailable();
        if (sessions == null) {
            return 0;
        }
        Map<String, ? extends Session> open = sessions.findByPrincipalName(login);
        open.keySet().forEach(sessions::deleteById);
        return open.size();
    }
}
