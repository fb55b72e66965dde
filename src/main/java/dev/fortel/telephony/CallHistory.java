package dev.fortel.telephony;

import com.google.i18n.phonenumbers.Phonenumber;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employees;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Call history: batches of call records from the media layer (validated as a whole, stored idempotently by call id,
 * numbers normalized to E.164 in the company's home country), and searches limited to the employees the searcher
 * reaches, each journaled with its filters ("факт поиска по истории").
 */
@Service
public class CallHistory {

    static final int MAX_BATCH = 1000;
    static final int MAX_PAGE = 200;
    private static final Set<String> DIRECTIONS = Set.of("inbound", "outbound", "internal");
    private static final Set<String> DISPOSITIONS = Set.of("answered", "no_answer", "busy", "failed");

    /** A call as the media layer sends it, before validation. */
    public record Incoming(@Nullable String callId, @Nullable String direction, @Nullable String caller, @Nullable String callee,
            @Nullable UUID employeeId, @Nullable Instant startedAt, @Nullable Instant answeredAt, @Nullable Instant endedAt,
            @Nullable String disposition) {}

    public record Ingested(int accepted, int duplicates) {}

    /** Search filters; all optional. {@code number} matches caller or callee (normalized like the records). */
    public record Filter(@Nullable Instant from, @Nullable Instant to, @Nullable String number, @Nullable UUID employeeId,
            @Nullable String direction, @Nullable String disposition) {}

    private final JdbcClient jdbc;
    private final OutboundPolicies policies;
    private final Employees employees;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final VipNumbers vip;

    CallHistory(JdbcClient jdbc, OutboundPolicies policies, Employees employees, ApplicationEventPublisher events, Clock clock, VipNumbers vip) {
        this.jdbc = jdbc;
        this.vip = vip;
        this.policies = policies;
        this.employees = employees;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Stores a batch, all or nothing: every broken record is named ({@code calls[3].caller}) and nothing is stored.
     * A call id already stored counts as a duplicate and is not changed (the media layer may resend after a timeout).
     */
    @Transactional
    public Ingested ingest(TenantId tenant, List<Incoming> batch) {
        if (batch.isEmpty() || batch.size() > MAX_BATCH) {
            throw ValidationFailedException.of("calls", "calls.batchSize", "must hold 1 to " + MAX_BATCH + " calls", MAX_BATCH);
        }
        String home = policies.of(tenant).homeCountry();
        List<Violation> broken = new ArrayList<>();
        List<CallRecord> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        // The batch's employees are checked in one query, not one lookup per call.
        Set<UUID> named = new HashSet<>();
        for (Incoming in : batch) {
            if (in.employeeId() != null) {
                named.add(in.employeeId());
            }
        }
        Set<UUID> known = named.isEmpty() ? Set.of() : employees.names(tenant, named).keySet();
        for (int i = 0; i < batch.size(); i++) {
            CallRecord r = validate(known, batch.get(i), "calls[" + i + "].", home, broken);
            if (r != null && !ids.add(r.callId())) {
                broken.add(new Violation("calls[" + i + "].call_id", "calls.repeated", "appears twice in this batch"));
            }
            records.add(r);
        }
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        // The batch goes in as one column array per field, unnested into rows: one short statement that parses and plans
        // the same for every batch size, where a multi-row VALUES list carries 13 parameters a call (13,000 for a full
        // batch) for the database to parse and bind. Its update count is still the number of calls not seen before.
        int n = records.size();
        String[] callIds = new String[n], directions = new String[n], callers = new String[n], callees = new String[n],
                started = new String[n], answered = new String[n], ended = new String[n], dispositions = new String[n], countries = new String[n];
        UUID[] employeeIds = new UUID[n];
        Integer[] durations = new Integer[n];
        for (int i = 0; i < n; i++) {
            CallRecord r = records.get(i);
            callIds[i] = r.callId();
            directions[i] = r.direction().toUpperCase(Locale.ROOT);
            callers[i] = r.caller();
            callees[i] = r.callee();
            employeeIds[i] = r.employeeId();
            started[i] = r.startedAt().toString();
            answered[i] = r.answeredAt() == null ? null : r.answeredAt().toString();
            ended[i] = r.endedAt().toString();
            durations[i] = r.durationSeconds();
            dispositions[i] = r.disposition().toUpperCase(Locale.ROOT);
            countries[i] = r.destinationCountry();
        }
        int accepted = jdbc.sql("""
                INSERT INTO calls (tenant_id, call_id, direction, caller, callee, employee_id, started_at, answered_at, ended_at, duration_s,
                    disposition, destination_country, ingested_at)
                SELECT ?, b.call_id, b.direction, b.caller, b.callee, b.employee_id, CAST(b.started_at AS TIMESTAMP WITH TIME ZONE),
                    CAST(b.answered_at AS TIMESTAMP WITH TIME ZONE), CAST(b.ended_at AS TIMESTAMP WITH TIME ZONE), b.duration_s,
                    b.disposition, b.country, ?
                FROM UNNEST(CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY),
                    CAST(? AS UUID ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY),
                    CAST(? AS INTEGER ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS VARCHAR ARRAY))
                    AS b(call_id, direction, caller, callee, employee_id, started_at, answered_at, ended_at, duration_s, disposition, country)
                ON CONFLICT DO NOTHING""")
                .params(tenant.value(), OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), callIds, directions, callers, callees,
                        employeeIds, started, answered, ended, durations, dispositions, countries)
                .update();
        return new Ingested(accepted, records.size() - accepted);
    }

    /**
     * The calls matching the filter among those of {@code reachable} employees ({@code null}: the whole company),
     * newest first; the search is journaled with its filters and the number of calls found.
     */
    @Transactional
    public List<CallRecord> search(Subject searcher, @Nullable Collection<UUID> reachable, Filter filter, int limit) {
        Found found = find(searcher, reachable, filter, limit, MAX_PAGE);
        events.publishEvent(new TelephonyEvents.CallHistorySearched(searcher, found.filters(), found.calls().size()));
        vip.noteAccess(searcher, "search", found.calls());
        return found.calls();
    }

    /** What a search or an export found, with its filters as the journal records them. */
    private record Found(List<CallRecord> calls, Map<String, Object> filters) {}

    /**
     * One call within {@code reachable} employees ({@code null}: the whole company; a call of nobody in particular only
     * then), with whether it has a recording; empty when it does not exist for this searcher.
     */
    public java.util.Optional<CallRecord> find(TenantId tenant, @Nullable Collection<UUID> reachable, String callId) {
        return jdbc.sql(SELECT + " WHERE c.tenant_id = :t AND c.call_id = :id").param("t", tenant.value()).param("id", callId)
                .query((rs, n) -> record(rs)).optional()
                .filter(c -> reachable == null || c.employeeId() != null && reachable.contains(c.employeeId()));
    }

    private Found find(Subject searcher, @Nullable Collection<UUID> reachable, Filter filter, int limit, int maxLimit) {
        String home = policies.of(searcher.tenantId()).homeCountry();
        List<Violation> broken = new ArrayList<>();
        String number = filter.number() == null || filter.number().isBlank() ? null : e164(filter.number(), home, "number", broken);
        String direction = code(filter.direction(), DIRECTIONS, "direction", broken);
        String disposition = code(filter.disposition(), DISPOSITIONS, "disposition", broken);
        if (filter.from() != null && filter.to() != null && filter.to().isBefore(filter.from())) {
            broken.add(new Violation("to", "calls.range", "must not be before from"));
        }
        if (limit < 1 || limit > maxLimit) {
            broken.add(new Violation("limit", "calls.limit", "must be between 1 and " + maxLimit, List.of(maxLimit)));
        }
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        List<CallRecord> found;
        if (reachable != null && reachable.isEmpty()) {
            found = List.of();
        } else {
            StringBuilder sql = new StringBuilder(SELECT + " WHERE c.tenant_id = :t");
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("t", searcher.tenantId().value());
            if (reachable != null) {
                sql.append(" AND employee_id IN (:reach)");
                params.put("reach", reachable);
            }
            if (filter.from() != null) {
                sql.append(" AND started_at >= :from");
                params.put("from", ts(filter.from()));
            }
            if (filter.to() != null) {
                sql.append(" AND started_at < :to");
                params.put("to", ts(filter.to()));
            }
            if (number != null) {
                sql.append(" AND (caller = :n OR callee = :n)");
                params.put("n", number);
            }
            if (filter.employeeId() != null) {
                sql.append(" AND employee_id = :e");
                params.put("e", filter.employeeId());
            }
            if (direction != null) {
                sql.append(" AND direction = :dir");
                params.put("dir", direction.toUpperCase(Locale.ROOT));
            }
            if (disposition != null) {
                sql.append(" AND disposition = :disp");
                params.put("disp", disposition.toUpperCase(Locale.ROOT));
            }
            sql.append(" ORDER BY started_at DESC, c.call_id LIMIT :limit");
            params.put("limit", limit);
            found = jdbc.sql(sql.toString()).params(params).query((rs, n) -> record(rs)).list();
        }
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("from", filter.from() == null ? null : filter.from().toString());
        filters.put("to", filter.to() == null ? null : filter.to().toString());
        filters.put("number", number);
        filters.put("employee_id", filter.employeeId() == null ? null : filter.employeeId().toString());
        filters.put("direction", direction);
        filters.put("disposition", disposition);
        return new Found(found, filters);
    }

    /**
     * The calls matching the filter as an export file (CSV or JSON), up to {@value #MAX_EXPORT} calls, journaled as an
     * export with its filters and format ("факт экспорта истории вызовов"). CSV cells that a spreadsheet would take
     * for a formula ({@code = + - @}, tab, carriage return) are prefixed with an apostrophe (OWASP's CSV injection advice).
     */
    @Transactional
    public String export(Subject exporter, @Nullable Collection<UUID> reachable, Filter filter, String format) {
        if (!"csv".equals(format) && !"json".equals(format)) {
            throw ValidationFailedException.of("format", "calls.format", "must be csv or json");
        }
        Found found = find(exporter, reachable, filter, MAX_EXPORT, MAX_EXPORT);
        List<CallRecord> calls = found.calls();
        StringBuilder out = new StringBuilder();
        if ("csv".equals(format)) {
            out.append("call_id,direction,caller,callee,employee_id,started_at,answered_at,ended_at,duration_seconds,disposition,destination_country,recorded\r\n");
            for (CallRecord c : calls) {
                out.append(String.join(",", cell(c.callId()), cell(c.direction()), cell(c.caller()), cell(c.callee()),
                        cell(c.employeeId() == null ? "" : c.employeeId().toString()), cell(c.startedAt().toString()),
                        cell(c.answeredAt() == null ? "" : c.answeredAt().toString()), cell(c.endedAt().toString()),
                        cell(String.valueOf(c.durationSeconds())), cell(c.disposition()),
                        cell(c.destinationCountry() == null ? "" : c.destinationCountry()), String.valueOf(c.recorded()))).append("\r\n");
            }
        } else {
            out.append(JSON.writeValueAsString(java.util.Map.of("items", calls)));
        }
        events.publishEvent(new TelephonyEvents.CallHistoryExported(exporter, found.filters(), format, calls.size()));
        vip.noteAccess(exporter, "export", calls);
        return out.toString();
    }

    static final int MAX_EXPORT = 10_000;
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
            .propertyNamingStrategy(tools.jackson.databind.PropertyNamingStrategies.SNAKE_CASE).build();

    /** One CSV cell: quoted when needed, and defused when a spreadsheet would run it as a formula. */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private @Nullable CallRecord validate(Set<UUID> known, Incoming in, String at, String home, List<Violation> broken) {
        int before = broken.size();
        String id = in.callId() == null ? "" : in.callId().strip();
        // The call id is a path segment of its recording's URLs: no character that ends or escapes one.
        if (id.isEmpty() || id.length() > 128 || id.chars().anyMatch(c -> c < 0x21 || c > 0x7e || "/\\?#%;".indexOf(c) >= 0)) {
            broken.add(new Violation(at + "call_id", "calls.callId", "must be 1 to 128 visible ASCII characters other than / \\ ? # % ;"));
        }
        String direction = code(in.direction(), DIRECTIONS, at + "direction", broken);
        if (in.direction() == null) {
            broken.add(new Violation(at + "direction", "calls.direction", "is required: inbound, outbound or internal"));
        }
        String caller = e164(parse(in.caller(), home), at + "caller", broken);
        Phonenumber.PhoneNumber parsedCallee = parse(in.callee(), home);
        String callee = e164(parsedCallee, at + "callee", broken);
        if (in.employeeId() != null && !known.contains(in.employeeId())) {
            broken.add(new Violation(at + "employee_id", "calls.employee", "is not an employee of this company"));
        }
        if (in.startedAt() == null || in.endedAt() == null) {
            broken.add(new Violation(at + (in.startedAt() == null ? "started_at" : "ended_at"), "calls.time", "is required (ISO 8601, UTC)"));
        } else if (in.endedAt().isBefore(in.startedAt()) || in.answeredAt() != null
                && (in.answeredAt().isBefore(in.startedAt()) || in.answeredAt().isAfter(in.endedAt()))) {
            broken.add(new Violation(at + "ended_at", "calls.order", "must not be before answered_at and started_at (started ≤ answered ≤ ended)"));
        }
        String disposition = code(in.disposition(), DISPOSITIONS, at + "disposition", broken);
        if (in.disposition() == null) {
            broken.add(new Violation(at + "disposition", "calls.disposition", "is required: answered, no_answer, busy or failed"));
        }
        if (broken.size() > before || direction == null || disposition == null || caller == null || callee == null) {
            return null;
        }
        Instant answered = in.answeredAt();
        int seconds = answered == null ? 0 : (int) Duration.between(answered, in.endedAt()).toSeconds();
        String country = PhoneNumbers.UTIL.getRegionCodeForNumber(parsedCallee);
        return new CallRecord(id, direction, caller, callee, in.employeeId(), in.startedAt(), answered, in.endedAt(), seconds, disposition, country, false);
    }

    private static @Nullable String code(@Nullable String value, Set<String> allowed, String field, List<Violation> broken) {
        if (value == null) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            broken.add(new Violation(field, "calls.code", "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)),
                    List.of(String.join(", ", new java.util.TreeSet<>(allowed)))));
            return null;
        }
        return v;
    }

    private static @Nullable String e164(@Nullable String number, String home, String field, List<Violation> broken) {
        return e164(parse(number, home), field, broken);
    }

    private static @Nullable String e164(Phonenumber.@Nullable PhoneNumber n, String field, List<Violation> broken) {
        if (n == null) {
            broken.add(new Violation(field, "calls.number", "is not a valid phone number; write it in E.164 such as +74951234567"));
            return null;
        }
        return PhoneNumbers.e164(n);
    }

    private static Phonenumber.@Nullable PhoneNumber parse(@Nullable String number, String home) {
        return PhoneNumbers.read(number, home).orElse(null);
    }

    private static final String SELECT = "SELECT c.call_id, direction, caller, callee, employee_id, started_at, answered_at, ended_at, duration_s, "
            + "disposition, destination_country, r.call_id IS NOT NULL FROM calls c "
            + "LEFT JOIN call_recordings r ON r.tenant_id = c.tenant_id AND r.call_id = c.call_id";

    private static CallRecord record(ResultSet rs) throws SQLException {
        OffsetDateTime answered = rs.getObject(7, OffsetDateTime.class);
        return new CallRecord(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT), rs.getString(3), rs.getString(4),
                rs.getObject(5, UUID.class), rs.getObject(6, OffsetDateTime.class).toInstant(), answered == null ? null : answered.toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant(), rs.getInt(9), rs.getString(10).toLowerCase(Locale.ROOT), rs.getString(11),
                rs.getBoolean(12));
    }

    private static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
