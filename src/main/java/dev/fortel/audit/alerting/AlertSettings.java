package dev.fortel.audit.alerting;

import java.util.Optional;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.access.Role;
import dev.fortel.access.Subject;
import dev.fortel.audit.Journal;
import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.audit.JournalTypes;
import dev.fortel.directory.Employee;
import dev.fortel.directory.Employees;
import dev.fortel.notification.MailServerRules;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A company's e-mail alert settings: recipients per kind and the employees whose sign-ins are reported. */
@Service
public class AlertSettings {

    static final int MAX_RECIPIENTS = 20;
    static final int MAX_WATCHED = 200;

    private final JdbcClient jdbc;
    private final Employees employees;
    private final Journal journal;
    private final Clock clock;

    AlertSettings(JdbcClient jdbc, Employees employees, Journal journal, Clock clock) {
        this.jdbc = jdbc;
        this.employees = employees;
        this.journal = journal;
        this.clock = clock;
    }

    public record Watched(UUID id, String login, String displayName) {}

    /** Recipients by kind (every kind present, empty: that kind is not mailed) and the watched employees. */
    public record Settings(Map<AlertKind, List<String>> recipients, List<Watched> watched) {

        public Settings {
            recipients = java.util.Collections.unmodifiableMap(new EnumMap<>(recipients));
            watched = List.copyOf(watched);
        }
    }

    /** The change as entered: recipients by kind code, watched employees by login. */
    public record Draft(@Nullable Map<String, List<String>> recipients, @Nullable List<String> watchedLogins) {}

    public Settings get(TenantId tenant) {
        Map<AlertKind, List<String>> recipients = new EnumMap<>(AlertKind.class);
        for (AlertKind k : AlertKind.values()) {
            recipients.put(k, List.of());
        }
        jdbc.sql("SELECT kind, recipients FROM alert_recipients WHERE tenant_id = :t").param("t", tenant.value())
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                .forEach(e -> AlertKind.of(e.getKey()).ifPresent(k -> recipients.put(k, split(e.getValue()))));
        List<UUID> ids = jdbc.sql("SELECT employee_id FROM alert_watched_employees WHERE tenant_id = :t").param("t", tenant.value()).query(UUID.class).list();
        List<Watched> watched = new ArrayList<>();
        for (UUID id : ids) {
            employees.find(tenant, id).ifPresent(e -> watched.add(new Watched(e.id(), e.login(), e.displayName())));
        }
        watched.sort(java.util.Comparator.comparing(Watched::login));
        return new Settings(recipients, watched);
    }

    /** Who receives {@code kind} for this company: nobody when none are set. */
    List<String> recipients(TenantId tenant, AlertKind kind) {
        Optional<List<String>> chosen = jdbc.sql("SELECT recipients FROM alert_recipients WHERE tenant_id = :t AND kind = :k").param("t", tenant.value())
                .param("k", kind.code()).query(String.class).optional().map(AlertSettings::split);
        if (chosen.isEmpty() && kind == AlertKind.SUPPORT_ACCESS) {
            // Support waits for a decision: until the company names recipients, its owners are told.
            return employees.holding(tenant, Set.of(Role.OWNER), Set.of(), null, MAX_RECIPIENTS).stream().filter(e -> e.status() == EmployeeStatus.ACTIVE)
                    .map(Employee::login).toList();
        }
        return chosen.orElse(List.of());
    }

    Set<UUID> watched(TenantId tenant) {
        return Set.copyOf(jdbc.sql("SELECT employee_id FROM alert_watched_employees WHERE tenant_id = :t").param("t", tenant.value()).query(UUID.class).list());
    }

    /** Replaces what the draft names (a kind left out keeps its recipients); every address and login is checked first. */
    @Transactional
    public Settings save(Subject actor, Draft draft) {
        TenantId tenant = actor.tenantId();
        Settings before = get(tenant);
        List<Violation> broken = new ArrayList<>();
        Map<AlertKind, List<String>> recipients = new EnumMap<>(before.recipients());
        if (draft.recipients() != null) {
            for (Map.Entry<String, List<String>> e : draft.recipients().entrySet()) {
                AlertKind kind = AlertKind.of(e.getKey()).orElse(null);
                String field = "recipients." + e.getKey();
                if (kind == null) {
                    broken.add(new Violation(field, "alert.kind", "is not an alert kind; use watched_sign_in, vip_access, account_locked, admin_new_address, support_access or correlation"));
                    continue;
                }
                LinkedHashSet<String> addresses = new LinkedHashSet<>();
                for (String a : e.getValue() == null ? List.<String>of() : e.getValue()) {
                    String address = a == null ? "" : a.strip();
                    if (address.isEmpty()) {
                        continue;
                    }
                    if (!MailServerRules.email(address)) {
                        broken.add(new Violation(field, "alert.recipient", "'" + address + "' is not an e-mail address such as soc@example.com", List.of(address)));
                    }
                    addresses.add(address.toLowerCase(Locale.ROOT));
                }
                if (addresses.size() > MAX_RECIPIENTS) {
                    broken.add(new Violation(field, "alert.tooManyRecipients", "at most " + MAX_RECIPIENTS + " addresses per kind", List.of(MAX_RECIPIENTS)));
                }
                recipients.put(kind, List.copyOf(addresses));
            }
        }
        Set<UUID> watched = new LinkedHashSet<>(before.watched().stream().map(Watched::id).toList());
        if (draft.watchedLogins() != null) {
            watched.clear();
            for (String l : draft.watchedLogins()) {
                String login = l == null ? "" : l.strip();
                if (login.isEmpty()) {
                    continue;
                }
                Employee e = employees.findByLoginAcrossTenants(login).filter(found -> found.tenantId().equals(tenant)).orElse(null);
                if (e == null) {
                    broken.add(new Violation("watched", "alert.watchedUnknown", "no employee of this company signs in as '" + login + "'", List.of(login)));
                } else {
                    watched.add(e.id());
                }
            }
            if (watched.size() > MAX_WATCHED) {
                broken.add(new Violation("watched", "alert.tooManyWatched", "at most " + MAX_WATCHED + " employees can be watched", List.of(MAX_WATCHED)));
            }
        }
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("DELETE FROM alert_recipients WHERE tenant_id = :t").param("t", tenant.value()).update();
        for (Map.Entry<AlertKind, List<String>> e : recipients.entrySet()) {
            if (!e.getValue().isEmpty()) {
                jdbc.sql("INSERT INTO alert_recipients (tenant_id, kind, recipients, updated_at) VALUES (:t, :k, :r, :now)").param("t", tenant.value())
                        .param("k", e.getKey().code()).param("r", String.join(",", e.getValue())).param("now", now).update();
            }
        }
        jdbc.sql("DELETE FROM alert_watched_employees WHERE tenant_id = :t").param("t", tenant.value()).update();
        for (UUID id : watched) {
            jdbc.sql("INSERT INTO alert_watched_employees (tenant_id, employee_id) VALUES (:t, :id)").param("t", tenant.value()).param("id", id).update();
        }
        Settings after = get(tenant);
        if (!after.equals(before)) {
            journal.append(new Journal.Draft(tenant, JournalTypes.ALERT_SETTINGS_CHANGED, Outcome.SUCCESS, Journal.currentActor(),
                    new Target("alert_settings", tenant.toString(), "e-mail alerts"), Map.of("before", shown(before), "after", shown(after))));
        }
        return after;
    }

    private static Map<String, Object> shown(Settings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        s.recipients().forEach((k, v) -> out.put(k.code(), v));
        out.put("watched", s.watched().stream().map(Watched::login).toList());
        return out;
    }

    private static List<String> split(String stored) {
        return stored.isBlank() ? List.of() : List.of(stored.split(","));
    }
}
