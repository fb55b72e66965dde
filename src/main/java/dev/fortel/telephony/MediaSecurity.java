package dev.fortel.telephony;

import dev.fortel.access.Subject;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How a company's calls must be protected on the wire: SIP signalling over TLS required or optional, and SRTP media
 * required, optional or off. The SIP edge enforces it (a REGISTER over UDP/TCP refused when TLS is required, an
 * offer without SRTP refused when SRTP is required); here it is stored, validated and journaled.
 */
@Service
public class MediaSecurity {

    public enum SipTls { REQUIRED, OPTIONAL }

    public enum Srtp { REQUIRED, OPTIONAL, OFF }

    /** The company's settings; {@code OPTIONAL}/{@code OPTIONAL} when it has set none. */
    public record Policy(SipTls sipTls, Srtp srtp) {}

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MediaSecurity(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    public Policy of(TenantId tenant) {
        return jdbc.sql("SELECT sip_tls, srtp FROM media_security_policies WHERE tenant_id = :t").param("t", tenant.value())
                .query((rs, n) -> new Policy(SipTls.valueOf(rs.getString(1)), Srtp.valueOf(rs.getString(2)))).optional()
                .orElse(new Policy(SipTls.OPTIONAL, Srtp.OPTIONAL));
    }

    /**
     * @throws ValidationFailedException naming each unknown value; nothing changes then. SRTP required over plain
     *     signalling is refused too: the keys (SDES) would travel in the clear.
     */
    @Transactional
    public Policy change(Subject actor, @Nullable String sipTls, @Nullable String srtp) {
        List<Violation> broken = new ArrayList<>();
        SipTls tls = parse(SipTls.class, sipTls, "sip_tls", "must be required or optional", broken);
        Srtp media = parse(Srtp.class, srtp, "srtp", "must be required, optional or off", broken);
        if (tls == SipTls.OPTIONAL && media == Srtp.REQUIRED) {
            broken.add(new Violation("srtp", "media.srtpWithoutTls",
                    "can be required only with SIP over TLS required: SRTP keys travel in the signalling, and would be readable without TLS"));
        }
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        Policy before = of(actor.tenantId());
        Policy after = new Policy(tls, media);
        jdbc.sql("DELETE FROM media_security_policies WHERE tenant_id = :t").param("t", actor.tenantId().value()).update();
        jdbc.sql("INSERT INTO media_security_policies (tenant_id, sip_tls, srtp, updated_at) VALUES (:t, :tls, :srtp, :now)")
                .param("t", actor.tenantId().value()).param("tls", tls.name()).param("srtp", media.name())
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
        events.publishEvent(new TelephonyEvents.MediaSecurityChanged(actor, flat(before), flat(after)));
        return after;
    }

    private static <E extends Enum<E>> @Nullable E parse(Class<E> type, @Nullable String value, String field, String message, List<Violation> broken) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            broken.add(new Violation(field, "media." + field, message));
            return null;
        }
    }

    private static Map<String, Object> flat(Policy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sip_tls", p.sipTls().name().toLowerCase(Locale.ROOT));
        m.put("srtp", p.srtp().name().toLowerCase(Locale.ROOT));
        return m;
    }
}
