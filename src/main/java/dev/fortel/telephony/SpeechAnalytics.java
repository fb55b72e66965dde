package dev.fortel.telephony;

import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The employees whose calls go to speech analytics. Being on it is sensitive for the people concerned, so every
 * addition and removal is journaled with who was added or removed, by whom.
 */
@Service
public class SpeechAnalytics {

    /** One employee on the list. */
    public record Member(UUID employeeId, Instant addedAt) {}

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SpeechAnalytics(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    public List<Member> members(TenantId tenant) {
        return jdbc.sql("SELECT employee_id, added_at FROM speech_analytics_members WHERE tenant_id = :t ORDER BY added_at, employee_id")
                .param("t", tenant.value()).query((rs, n) -> new Member(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .list();
    }

    @Transactional
    public void add(Subject actor, Employee employee) {
        try {
            jdbc.sql("INSERT INTO speech_analytics_members (tenant_id, employee_id, added_at) VALUES (:t, :e, :now)")
                    .param("t", employee.tenantId().value()).param("e", employee.id())
                    .param("now", OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC)).update();
        } catch (DuplicateKeyException already) {
            throw new ConflictException("employee_id", "speech.already", "this employee is already on the speech-analytics list");
        }
        events.publishEvent(new TelephonyEvents.SpeechAnalyticsChanged(actor, employee.id(), employee.login(), "added"));
    }

    @Transactional
    public void remove(Subject actor, Employee employee) {
        int removed = jdbc.sql("DELETE FROM speech_analytics_members WHERE tenant_id = :t AND employee_id = :e")
                .param("t", employee.tenantId().value()).param("e", employee.id()).update();
        if (removed == 0) {
            throw new NotFoundException("speech-analytics entry");
        }
        events.publishEvent(new TelephonyEvents.SpeechAnalyticsChanged(actor, employee.id(), employee.login(), "removed"));
    }
}
