package dev.fortel.telephony;

import dev.fortel.access.Subject;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Subscribers a company marks VIP: numbers, normalized to E.164 (read in the company's home country when
 * written without a country code). Access to their calls and recordings is journaled as {@code vip.data.accessed}
 * by the call history once it exists; the list's own changes are journaled here.
 */
@Service
public class VipNumbers {

    static final int MAX_NOTE = 200;

    public record Vip(String number, @Nullable String note, Instant createdAt) {}

    private final JdbcClient jdbc;
    private final OutboundPolicies policies;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    VipNumbers(JdbcClient jdbc, OutboundPolicies policies, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.events = events;
        this.clock = clock;
    }

    public List<Vip> of(TenantId tenant) {
        return jdbc.sql("SELECT number, note, created_at FROM vip_numbers WHERE tenant_id = :t ORDER BY number").param("t", tenant.value())
                .query((rs, n) -> new Vip(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant())).list();
    }

    /** Which of these E.164 numbers are the company's VIP numbers. */
    public java.util.Set<String> among(TenantId tenant, java.util.Collection<String> numbers) {
        if (numbers.isEmpty()) {
            return java.util.Set.of();
        }
        return java.util.Set.copyOf(jdbc.sql("SELECT number FROM vip_numbers WHERE tenant_id = :t AND number IN (:n)").param("t", tenant.value())
                .param("n", java.util.Set.copyOf(numbers)).query(String.class).list());
    }

    /**
     * Raises {@link TelephonyEvents.VipDataAccessed} when any of these calls has a VIP caller or callee: any access to
     * a VIP subscriber's calls is journaled, whatever the access ({@code search}, {@code export}, {@code play},
     * {@code download}).
     */
    public void noteAccess(Subject actor, String access, java.util.Collection<CallRecord> calls) {
        java.util.Set<String> numbers = new java.util.HashSet<>();
        calls.forEach(c -> {
            numbers.add(c.caller());
            numbers.add(c.callee());
        });
        java.util.Set<String> vip = among(actor.tenantId(), numbers);
        if (vip.isEmpty()) {
            return;
        }
        List<String> ids = calls.stream().filter(c -> vip.contains(c.caller()) || vip.contains(c.callee())).map(CallRecord::callId).distinct()
                .limit(100).toList();
        events.publishEvent(new TelephonyEvents.VipDataAccessed(actor, access, new java.util.TreeSet<>(vip).stream().toList(), ids));
    }

    @Transactional
    public Vip add(Subject actor, @Nullable String number, @Nullable String note) {
        String e164 = normalize(actor.tenantId(), number);
        String text = note == null || note.isBlank() ? null : note.strip();
        if (text != null && (text.length() > MAX_NOTE || text.chars().anyMatch(Character::isISOControl))) {
            throw ValidationFailedException.of("note", "vip.note", "must be at most " + MAX_NOTE + " characters, without control characters",
                    MAX_NOTE);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            jdbc.sql("INSERT INTO vip_numbers (tenant_id, number, note, created_at) VALUES (:t, :n, :note, :now)").param("t", actor.tenantId().value())
                    .param("n", e164).param("note", text).param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).update();
        } catch (DuplicateKeyException already) {
            throw new ConflictException("number", "vip.already", "this number is already a VIP number of this company");
        }
        events.publishEvent(new TelephonyEvents.VipNumberChanged(actor, e164, "added"));
        return new Vip(e164, text, now);
    }

    @Transactional
    public void remove(Subject actor, @Nullable String number) {
        String e164 = normalize(actor.tenantId(), number);
        if (jdbc.sql("DELETE FROM vip_numbers WHERE tenant_id = :t AND number = :n").param("t", actor.tenantId().value()).param("n", e164).update() == 0) {
            throw new NotFoundException("VIP number");
        }
        events.publishEvent(new TelephonyEvents.VipNumberChanged(actor, e164, "removed"));
    }

    private String normalize(TenantId tenant, @Nullable String number) {
        String home = policies.of(tenant).homeCountry();
        return PhoneNumbers.read(number, home).map(PhoneNumbers::e164).orElseThrow(() -> ValidationFailedException.of("number", "vip.number",
                "is not a valid phone number; write it in international form such as +74951234567, or as dialled within " + home, home));
    }
}
