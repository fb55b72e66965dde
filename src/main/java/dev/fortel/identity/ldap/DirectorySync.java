package dev.fortel.identity.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.fortel.access.Role;
import dev.fortel.access.Subject;
import dev.fortel.directory.Employee;
import dev.fortel.directory.EmployeeDirectory;
import dev.fortel.directory.EmployeeDraft;
import dev.fortel.directory.EmployeeStatus;
import dev.fortel.directory.Employees;
import dev.fortel.directory.Group;
import dev.fortel.directory.GroupDirectory;
import dev.fortel.directory.GroupDraft;
import dev.fortel.directory.Groups;
import dev.fortel.identity.CorporateSignInEvents;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Synchronizes a company's employees from its directory, on demand and on the company's schedule. The directory is the
 * source of truth for the people it holds: each entry found creates or updates its employee (login, name, phone,
 * department as group, roles through the group mapping, {@code manager} as supervisor) and a linked employee whose
 * entry is gone is disabled. Groups and roles an administrator gave by hand are kept: a sync replaces only what the
 * previous one gave.
 *
 * <p>Each entry is its own transaction, with its journal events, so one refused entry (a login another company uses,
 * the owner's local account) is reported and the rest goes on. A search that finds nobody while employees are linked
 * disables nobody: that is far more often a wrong base or filter than a company that let everyone go. One node at a
 * time synchronizes a company (a lease on its row).
 */
@Service
public class DirectorySync {

    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);
    private static final int REPORT_LINES = 200;
    private static final int PAGE = 500;

    /** One synchronization as reported. */
    public record Report(UUID id, String startedBy, Instant startedAt, @Nullable Instant finishedAt, String outcome, int created, int updated,
            int disabled, int errors, List<String> lines) {}

    private final LdapDirectories directories;
    private final LdapAccounts accounts;
    private final EmployeeDirectory employeeDirectory;
    private final Employees employees;
    private final GroupDirectory groupDirectory;
    private final Groups groups;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final LdapProperties properties;
    private final TransactionTemplate each;
    private final String node = UUID.randomUUID().toString();

    DirectorySync(LdapDirectories directories, LdapAccounts accounts, EmployeeDirectory employeeDirectory, Employees employees,
            GroupDirectory groupDirectory, Groups groups, JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, LdapProperties properties,
            PlatformTransactionManager transactions) {
        this.directories = directories;
        this.accounts = accounts;
        this.employeeDirectory = employeeDirectory;
        this.employees = employees;
        this.groupDirectory = groupDirectory;
        this.groups = groups;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.properties = properties;
        this.each = new TransactionTemplate(transactions);
        this.each.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** An administrator's synchronization, now. */
    public Report run(Subject actor) {
        return run(actor.tenantId(), "admin");
    }

    public List<Report> recent(TenantId tenant, int limit) {
        return jdbc.sql("SELECT * FROM ldap_syncs WHERE tenant_id = :t ORDER BY started_at DESC LIMIT :n").param("t", tenant.value()).param("n", limit)
                .query((rs, n) -> new Report(rs.getObject("id", UUID.class), rs.getString("started_by"),
                        Objects.requireNonNull(LdapDirectories.instant(rs, "started_at")), LdapDirectories.instant(rs, "finished_at"),
                        rs.getString("outcome"), rs.getInt("created"), rs.getInt("updated"), rs.getInt("disabled"), rs.getInt("errors"),
                        lines(rs.getString("report")))).list();
    }

    /** Synchronizes every company whose schedule is due. */
    @Scheduled(fixedDelayString = "${fortel.ldap.schedule-check}", initialDelayString = "${fortel.ldap.schedule-check}")
    void scheduled() {
        List<UUID> due = TenantContext.asPlatform(() -> jdbc.sql("""
                SELECT tenant_id FROM ldap_directories WHERE enabled AND sync_minutes > 0 AND next_sync_at <= :now""")
                .param("now", LdapDirectories.ts(clock.instant())).query(UUID.class).list());
        for (UUID id : due) {
            TenantId tenant = TenantId.of(id);
            try {
                TenantContext.as(tenant, () -> run(tenant, "schedule"));
            } catch (ConflictException busy) {
                // Another node holds the lease: it is synchronizing this company now.
            } catch (RuntimeException e) {
                log.warn("Scheduled directory synchronization of company {} failed: {}", id, e.toString());
            }
        }
    }

    Report run(TenantId tenant, String startedBy) {
        LdapSettings s = directories.get(tenant);
        if (!s.enabled()) {
            throw ValidationFailedException.of("enabled", "ldap.disabled", "the directory is switched off; switch it on to synchronize");
        }
        Instant started = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!lease(tenant, started)) {
            throw new ConflictException("sync", "ldap.syncRunning", "a synchronization of this directory is already running; wait for its report");
        }
        Run run = new Run(tenant, s, startedBy, started);
        try {
            run.execute();
        } finally {
            Instant next = s.syncMinutes() == 0 ? null : clock.instant().plus(s.syncMinutes(), ChronoUnit.MINUTES);
            inTx(() -> jdbc.sql("UPDATE ldap_directories SET lease_owner = NULL, lease_until = NULL, next_sync_at = :next WHERE tenant_id = :t")
                    .param("next", next == null ? null : LdapDirectories.ts(next)).param("t", tenant.value()).update());
        }
        return run.report();
    }

    private boolean lease(TenantId tenant, Instant now) {
        Integer taken = inTx(() -> jdbc.sql("""
                UPDATE ldap_directories SET lease_owner = :me, lease_until = :until
                WHERE tenant_id = :t AND (lease_until IS NULL OR lease_until < :now OR lease_owner = :me)""")
                .param("me", node).param("until", LdapDirectories.ts(now.plus(properties.syncLease()))).param("now", LdapDirectories.ts(now))
                .param("t", tenant.value()).update());
        return taken != null && taken == 1;
    }

    /** What one directory entry says about a person. */
    private record Person(String dn, String dnKey, String externalId, String login, String displayName, @Nullable String extension,
            @Nullable String mobile, @Nullable String department, @Nullable String managerKey) {}

    /** The state of one synchronization. */
    private final class Run {
        private final TenantId tenant;
        private final LdapSettings s;
        private final String startedBy;
        private final Instant started;
        private final UUID id = UUID.randomUUID();
        private final List<String> lines = new ArrayList<>();
        private final Set<UUID> createdNow = new HashSet<>();
        private int created;
        private int updated;
        private int disabled;
        private int errors;
        private String outcome = "ok";
        private @Nullable Report report;

        Run(TenantId tenant, LdapSettings s, String startedBy, Instant started) {
            this.tenant = tenant;
            this.s = s;
            this.startedBy = startedBy;
            this.started = started;
        }

        void execute() {
            List<SearchResultEntry> entries;
            Map<String, Set<String>> groupsOfMember;
            try (LDAPConnection c = directories.connect(s)) {
                entries = searchUsers(c);
                groupsOfMember = s.groupBase() == null || s.groupRoles().isEmpty() ? Map.of() : searchGroups(c);
            } catch (DirectoryProblem p) {
                fail(p.code() + ": " + p.detail());
                finish();
                return;
            }
            if (entries == null) {
                finish();
                return;
            }
            Map<String, Set<Role>> mapping = new HashMap<>();
            s.groupRoles().forEach(g -> mapping.computeIfAbsent(LdapDirectories.dnKey(g.groupDn()), k -> new TreeSet<>()).add(g.role()));
            Map<String, LdapAccounts.Link> links = new HashMap<>();
            accounts.all(tenant).forEach(l -> links.put(l.externalId(), l));
            Map<String, UUID> byDn = new HashMap<>();
            Map<UUID, String> managers = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (SearchResultEntry entry : entries) {
                Optional<Person> person = person(entry);
                if (person.isEmpty()) {
                    continue;
                }
                Person p = person.get();
                if (!seen.add(p.externalId())) {
                    refuse(p.dn(), "has the same " + s.idAttribute() + " as another entry; it was skipped");
                    continue;
                }
                Set<Role> roles = new TreeSet<>();
                groupsOfMember.getOrDefault(p.dnKey(), Set.of()).forEach(g -> roles.addAll(mapping.getOrDefault(g, Set.of())));
                try {
                    UUID employee = inTx(() -> apply(p, roles, links.get(p.externalId())));
                    if (employee != null) {
                        byDn.put(p.dnKey(), employee);
                        if (p.managerKey() != null) {
                            managers.put(employee, p.managerKey());
                        }
                    }
                } catch (ValidationFailedException e) {
                    refuse(p.dn(), e.violations().stream().map(v -> v.field() + " " + v.message()).reduce((a, b) -> a + "; " + b).orElse("refused"));
                } catch (ConflictException e) {
                    refuse(p.dn(), e.getMessage());
                } catch (DataAccessException e) {
                    refuse(p.dn(), "could not be saved: " + e.getMostSpecificCause().getClass().getSimpleName());
                }
            }
            if (s.managerAttribute() != null) {
                supervisors(byDn, managers);
            }
            if (entries.isEmpty() && !links.isEmpty()) {
                fail("the search found nobody while " + links.size() + " employees are linked to the directory; nobody was disabled. "
                        + "Check the user base and filter");
            } else {
                for (LdapAccounts.Link link : links.values()) {
                    if (!seen.contains(link.externalId())) {
                        disable(link);
                    }
                }
            }
            finish();
        }

        /** Creates, adopts or updates the employee of one entry; returns its id. */
        private @Nullable UUID apply(Person p, Set<Role> mapped, LdapAccounts.@Nullable Link link) {
            UUID group = p.department() == null ? null : departmentGroup(p.department());
            Instant now = clock.instant();
            if (link == null) {
                Optional<Employee> sameLogin = TenantContext.asPlatform(() -> employees.findByLoginAcrossTenants(p.login()));
                if (sameLogin.isPresent() && !sameLogin.get().tenantId().equals(tenant)) {
                    refuse(p.dn(), "has the login " + p.login() + ", which an account of another company uses; it was skipped");
                    return null;
                }
                if (sameLogin.isPresent()) {
                    Employee e = sameLogin.get();
                    if (accounts.byEmployee(tenant, e.id()).isPresent()) {
                        refuse(p.dn(), "has the login " + p.login() + " of an employee linked to another entry; it was skipped");
                        return null;
                    }
                    Employee after = update(e, p, group, null, Set.of(), mapped);
                    accounts.save(tenant, new LdapAccounts.Link(e.id(), p.externalId(), p.dn(), group, mapped), now);
                    // From now on the directory checks this person's password: the one stored here goes.
                    events.publishEvent(new CorporateSignInEvents.AccountLinked(tenant, e.id(), after.login()));
                    updated++;
                    return e.id();
                }
                Set<UUID> groupIds = group == null ? Set.of() : Set.of(group);
                Employee e = employeeDirectory.createFromDirectory(tenant, new EmployeeDraft(p.login(), p.displayName(), p.extension(), p.mobile(),
                        groupIds, null, EmployeeStatus.ACTIVE, null, mapped));
                accounts.save(tenant, new LdapAccounts.Link(e.id(), p.externalId(), p.dn(), group, mapped), now);
                events.publishEvent(new CorporateSignInEvents.AccountLinked(tenant, e.id(), e.login()));
                created++;
                createdNow.add(e.id());
                return e.id();
            }
            Employee before = employees.find(tenant, link.employeeId()).orElseThrow(() -> new NotFoundException("employee"));
            Employee after = update(before, p, group, link.groupId(), link.roles(), mapped);
            accounts.save(tenant, new LdapAccounts.Link(before.id(), p.externalId(), p.dn(), group, mapped), now);
            if (!after.updatedAt().equals(before.updatedAt())) {
                updated++;
            }
            return before.id();
        }

        private Employee update(Employee before, Person p, @Nullable UUID group, @Nullable UUID previousGroup, Set<Role> previousRoles,
                Set<Role> mapped) {
            Set<UUID> groupIds = new HashSet<>(before.groupIds());
            if (previousGroup != null) {
                groupIds.remove(previousGroup);
            }
            if (group != null) {
                groupIds.add(group);
            }
            Set<Role> roles = new TreeSet<>(before.roles());
            roles.removeAll(previousRoles);
            roles.addAll(mapped);
            return employeeDirectory.updateFromDirectory(tenant, before.id(), d -> new EmployeeDraft(p.login(), p.displayName(),
                    p.extension() != null ? p.extension() : d.extension(), p.mobile() != null ? p.mobile() : d.mobile(), groupIds, d.supervisorId(),
                    d.status(), d.expiresAt(), roles));
        }

        private UUID departmentGroup(String name) {
            String wanted = name.length() > 100 ? name.substring(0, 100) : name;
            for (Group g : groups.all(tenant)) {
                if (g.name().equalsIgnoreCase(wanted)) {
                    return g.id();
                }
            }
            return groupDirectory.create(tenant, new GroupDraft(wanted, "Department in the corporate directory")).id();
        }

        private void supervisors(Map<String, UUID> byDn, Map<UUID, String> managers) {
            for (Map.Entry<String, UUID> e : byDn.entrySet()) {
                UUID employee = e.getValue();
                String managerKey = managers.get(employee);
                UUID supervisor = managerKey == null ? null : byDn.get(managerKey);
                try {
                    Boolean changed = inTx(() -> {
                        Employee before = employees.find(tenant, employee).orElseThrow(() -> new NotFoundException("employee"));
                        if (Objects.equals(before.supervisorId(), supervisor)) {
                            return false;
                        }
                        employeeDirectory.updateFromDirectory(tenant, employee, d -> new EmployeeDraft(d.login(), d.displayName(), d.extension(),
                                d.mobile(), d.groupIds(), supervisor, d.status(), d.expiresAt(), d.roles()));
                        return true;
                    });
                    // A supervisor set for someone created by this run is part of the creation, not an update.
                    if (Boolean.TRUE.equals(changed) && !createdNow.contains(employee)) {
                        updated++;
                    }
                } catch (ValidationFailedException | ConflictException ex) {
                    refuse(e.getKey(), "manager not applied: " + ex.getMessage());
                }
            }
        }

        private void disable(LdapAccounts.Link link) {
            try {
                Boolean changed = inTx(() -> {
                    Optional<Employee> e = employees.find(tenant, link.employeeId());
                    if (e.isEmpty() || e.get().status() == EmployeeStatus.DISABLED) {
                        return false;
                    }
                    employeeDirectory.updateFromDirectory(tenant, link.employeeId(), d -> new EmployeeDraft(d.login(), d.displayName(), d.extension(),
                            d.mobile(), d.groupIds(), d.supervisorId(), EmployeeStatus.DISABLED, d.expiresAt(), d.roles()));
                    return true;
                });
                if (Boolean.TRUE.equals(changed)) {
                    disabled++;
                    line(link.dn() + ": no longer in the directory's search; the employee was disabled");
                }
            } catch (ValidationFailedException | ConflictException ex) {
                refuse(link.dn(), "could not be disabled: " + ex.getMessage());
            }
        }

        private @Nullable List<SearchResultEntry> searchUsers(LDAPConnection c) throws DirectoryProblem {
            List<String> attributes = new ArrayList<>(List.of(s.loginAttribute(), s.nameAttribute(), s.idAttribute()));
            for (String a : new String[] {s.phoneAttribute(), s.departmentAttribute(), s.managerAttribute()}) {
                if (a != null) {
                    attributes.add(a);
                }
            }
            List<SearchResultEntry> out = new ArrayList<>();
            try {
                Filter filter = Filter.create(s.userFilter());
                ASN1OctetString cookie = null;
                do {
                    SearchRequest request = new SearchRequest(s.userBase(), SearchScope.SUB, filter, attributes.toArray(String[]::new));
                    request.addControl(new SimplePagedResultsControl(PAGE, cookie));
                    SearchResult page = c.search(request);
                    out.addAll(page.getSearchEntries());
                    if (out.size() > properties.maxEntries()) {
                        fail("the search finds more than " + properties.maxEntries() + " people; narrow the user base or filter (nothing changed)");
                        return null;
                    }
                    SimplePagedResultsControl paged = SimplePagedResultsControl.get(page);
                    cookie = paged == null || paged.getCookie().getValueLength() == 0 ? null : paged.getCookie();
                } while (cookie != null);
            } catch (LDAPException e) {
                throw DirectoryConnector.translate(e, c.getConnectedAddress(), c.getConnectedPort());
            }
            return out;
        }

        /** Member DN (normalized) to the normalized DNs of the groups that list it. */
        private Map<String, Set<String>> searchGroups(LDAPConnection c) throws DirectoryProblem {
            Map<String, Set<String>> out = new HashMap<>();
            String member = Objects.requireNonNull(s.memberAttribute());
            try {
                SearchResult found = c.search(new SearchRequest(Objects.requireNonNull(s.groupBase()), SearchScope.SUB,
                        Filter.create(Objects.requireNonNull(s.groupFilter())), member));
                for (SearchResultEntry g : found.getSearchEntries()) {
                    String key = LdapDirectories.dnKey(g.getDN());
                    String[] members = g.getAttributeValues(member);
                    if (members != null) {
                        for (String m : members) {
                            out.computeIfAbsent(LdapDirectories.dnKey(m), k -> new HashSet<>()).add(key);
                        }
                    }
                }
            } catch (LDAPException e) {
                throw DirectoryConnector.translate(e, c.getConnectedAddress(), c.getConnectedPort());
            }
            return out;
        }

        private Optional<Person> person(SearchResultEntry e) {
            String externalId = externalId(e);
            if (externalId == null) {
                refuse(e.getDN(), "has no " + s.idAttribute() + " (the stable id that links it); it was skipped");
                return Optional.empty();
            }
            String login = e.getAttributeValue(s.loginAttribute());
            if (login == null || login.isBlank()) {
                refuse(e.getDN(), "has no " + s.loginAttribute() + " (the sign-in e-mail); it was skipped");
                return Optional.empty();
            }
            String name = e.getAttributeValue(s.nameAttribute());
            String phone = s.phoneAttribute() == null ? null : e.getAttributeValue(s.phoneAttribute());
            String digits = phone == null ? null : phone.replaceAll("[\\s().-]", "");
            String mobile = digits != null && digits.matches("\\+[1-9][0-9]{6,14}") ? digits : null;
            String extension = digits != null && digits.matches("[0-9]{2,8}") ? digits : null;
            String department = s.departmentAttribute() == null ? null : e.getAttributeValue(s.departmentAttribute());
            String manager = s.managerAttribute() == null ? null : e.getAttributeValue(s.managerAttribute());
            return Optional.of(new Person(e.getDN(), LdapDirectories.dnKey(e.getDN()), externalId, login.strip().toLowerCase(Locale.ROOT),
                    name == null || name.isBlank() ? login.strip() : name.strip(), extension, mobile,
                    department == null || department.isBlank() ? null : department.strip(), manager == null ? null : LdapDirectories.dnKey(manager)));
        }

        /** The entry's stable id as text; Active Directory's objectGUID is 16 bytes in Microsoft's mixed-endian order. */
        private @Nullable String externalId(SearchResultEntry e) {
            Attribute a = e.getAttribute(s.idAttribute());
            if (a == null || !a.hasValue()) {
                return null;
            }
            if ("objectGUID".equalsIgnoreCase(s.idAttribute())) {
                return guid(a.getValueByteArray());
            }
            String v = a.getValue();
            return v == null || v.length() > 200 ? null : v;
        }

        private void refuse(String dn, String why) {
            errors++;
            if (!"failed".equals(outcome)) {
                outcome = "partial";
            }
            line(dn + ": " + why);
        }

        private void fail(String why) {
            errors++;
            outcome = "failed";
            line(why);
        }

        private void line(String text) {
            if (lines.size() < REPORT_LINES) {
                lines.add(text);
            } else if (lines.size() == REPORT_LINES) {
                lines.add("… and more; only the first " + REPORT_LINES + " lines are kept");
            }
        }

        private void finish() {
            Instant finished = clock.instant().truncatedTo(ChronoUnit.MICROS);
            report = new Report(id, startedBy, started, finished, outcome, created, updated, disabled, errors, List.copyOf(lines));
            inTx(() -> {
                jdbc.sql("""
                        INSERT INTO ldap_syncs (tenant_id, id, started_by, started_at, finished_at, outcome, created, updated, disabled, errors, report)
                        VALUES (:t, :id, :by, :started, :finished, :outcome, :c, :u, :d, :e, :report)""")
                        .param("t", tenant.value()).param("id", id).param("by", startedBy).param("started", LdapDirectories.ts(started))
                        .param("finished", LdapDirectories.ts(finished)).param("outcome", outcome).param("c", created).param("u", updated)
                        .param("d", disabled).param("e", errors).param("report", String.join("\n", lines)).update();
                events.publishEvent(new CorporateSignInEvents.DirectorySynchronized(tenant, id, startedBy, outcome, created, updated, disabled,
                        errors, lines.stream().limit(20).toList()));
                return null;
            });
        }

        Report report() {
            return Objects.requireNonNull(report);
        }
    }

    /** Active Directory's objectGUID as a UUID: 16 bytes, the first three fields little-endian (MS-DTYP §2.3.4). */
    static @Nullable String guid(byte @Nullable [] b) {
        if (b == null || b.length != 16) {
            return null;
        }
        ByteBuffer le = ByteBuffer.wrap(b);
        long high = ((long) Integer.reverseBytes(le.getInt()) << 32) | ((Short.reverseBytes(le.getShort()) & 0xffffL) << 16)
                | (Short.reverseBytes(le.getShort()) & 0xffffL);
        return new UUID(high, le.getLong()).toString();
    }

    private <T> @Nullable T inTx(Supplier<T> work) {
        return each.execute(status -> work.get());
    }

    private static List<String> lines(@Nullable String report) {
        return report == null || report.isEmpty() ? List.of() : List.of(report.split("\n"));
    }
}
