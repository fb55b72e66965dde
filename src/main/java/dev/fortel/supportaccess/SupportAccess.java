package dev.fortel.supportaccess;

import dev.fortel.access.Permission;
import dev.fortel.access.Subject;
import dev.fortel.access.SupportGrants;
import dev.fortel.platform.ConflictException;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.supportaccess.SupportGrant.Status;
import dev.fortel.tenancy.Tenant;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import dev.fortel.tenancy.TenantKind;
import dev.fortel.tenancy.Tenants;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Support requests, the company's decisions on them, and the grants in force. Rows live in the client company's
 * tenant (row-level security): the company reads its own; the provider's side reads across companies only through
 * {@link TenantContext#asPlatform}, for the agent's own requests or, with {@code support.requests.view}, everyone's.
 */
@Service
public class SupportAccess implements SupportGrants {

    /** The functions support may ever hold: not those that approve support, mint lasting tokens or silence the SIEM. */
    public static final Set<Permission> SUPPORTABLE = EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.EMPLOYEES_MANAGE, Permission.GROUPS_VIEW,
            Permission.GROUPS_MANAGE, Permission.ROLES_VIEW, Permission.JOURNAL_VIEW, Permission.JOURNAL_VERIFY, Permission.SECURITY_SETTINGS_VIEW,
            Permission.SECURITY_SETTINGS_MANAGE, Permission.SIP_ACCOUNTS_VIEW, Permission.SIP_ACCOUNTS_MANAGE, Permission.CALLS_HISTORY_VIEW,
            Permission.TELEPHONY_POLICIES_VIEW, Permission.TELEPHONY_POLICIES_MANAGE);

    /** "Read-only": the supportable functions that change nothing. */
    public static final Set<Permission> READ_ONLY = EnumSet.of(Permission.EMPLOYEES_VIEW, Permission.GROUPS_VIEW, Permission.ROLES_VIEW,
            Permission.JOURNAL_VIEW, Permission.JOURNAL_VERIFY, Permission.SECURITY_SETTINGS_VIEW, Permission.SIP_ACCOUNTS_VIEW,
            Permission.CALLS_HISTORY_VIEW, Permission.TELEPHONY_POLICIES_VIEW);

    /** The longest grant: a week. Longer support work is a new request, decided again. */
    public static final int MAX_MINUTES = 7 * 24 * 60;

    private static final String COLUMNS = "tenant_id, id, agent_id, agent_login, agent_name, reason, ticket, requested_functions, requested_minutes, "
            + "status, granted_functions, expires_at, decided_by, decided_at, decision_note, ended_by, ended_at, created_at";

    private final JdbcClient jdbc;
    private final Tenants tenants;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SupportAccess(JdbcClient jdbc, Tenants tenants, ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A request as the agent enters it; {@code access} "read_only" stands for every read-only function. */
    public record RequestDraft(@Nullable UUID companyId, @Nullable String reason, @Nullable String ticket, @Nullable List<String> functions,
            @Nullable String access, @Nullable Integer minutes) {}

    /** A decision as the company's approver enters it: fewer functions and a shorter time narrow the request. */
    public record Approval(@Nullable List<String> functions, @Nullable Integer minutes, @Nullable Instant expiresAt, @Nullable String note) {}

    // ----- the agent's side (the provider's company) -----

    /**
     * Files a request; the company's standing policy may refuse or approve it at once. The agent is in the provider's
     * company and the row and its journal event are the client's, so the transaction runs in the platform context;
     * the provider's copy of the event is written after it commits (see the journal's recorder).
     */
    public SupportGrant request(Subject agent, RequestDraft draft) {
        return TenantContext.asPlatform(() -> java.util.Objects.requireNonNull(transactions.execute(tx -> filed(agent, draft))));
    }

    private SupportGrant filed(Subject agent, RequestDraft draft) {
        List<ValidationFailedException.Violation> problems = new ArrayList<>();
        Tenant company = null;
        if (draft.companyId() == null) {
            problems.add(new ValidationFailedException.Violation("company_id", "support.companyRequired", "required: the id of the client company"));
        } else {
            company = TenantContext.asPlatform(() -> tenants.find(TenantId.of(draft.companyId()))).filter(t -> t.kind() == TenantKind.CLIENT).orElse(null);
            if (company == null) {
                problems.add(new ValidationFailedException.Violation("company_id", "support.companyUnknown",
                        "no client company has the id " + draft.companyId() + "; GET /api/v1/tenants lists them", List.of(draft.companyId().toString())));
            }
        }
        String reason = draft.reason() == null ? "" : draft.reason().strip();
        if (reason.isEmpty() || reason.length() > 1000) {
            problems.add(new ValidationFailedException.Violation("reason", "support.reason",
                    "required, up to 1,000 characters: why support needs access, as the company will read it"));
        }
        String ticket = draft.ticket() == null || draft.ticket().isBlank() ? null : draft.ticket().strip();
        if (ticket != null && ticket.length() > 100) {
            problems.add(new ValidationFailedException.Violation("ticket", "support.ticket", "up to 100 characters, such as SUP-1234"));
        }
        Set<Permission> functions = requestedFunctions(draft, problems);
        int minutes = minutes(draft.minutes(), "minutes", problems);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        TenantId companyId = company.id();
        SupportPolicy policy = policy(companyId);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        TenantId provider = providerId();
        TenantContext.as(companyId, () -> jdbc.sql("INSERT INTO support_access (tenant_id, id, agent_id, agent_login, agent_name, reason, ticket, "
                + "requested_functions, requested_minutes, status, created_at) VALUES (:t, :id, :agent, :login, :name, :reason, :ticket, :functions, "
                + ":minutes, 'requested', :now)")
                .param("t", companyId.value()).param("id", id).param("agent", agent.employeeId()).param("login", agent.login())
                .param("name", agent.displayName()).param("reason", reason).param("ticket", ticket).param("functions", codes(functions))
                .param("minutes", minutes).param("now", ts(now)).update());
        events.publishEvent(new SupportEvents.Requested(companyId, provider, id, agent.employeeId(), agent.displayName(), reason, ticket,
                functions.stream().map(Permission::code).toList(), minutes));
        switch (policy.mode()) {
            case NEVER -> {
                decide(companyId, id, Status.DENIED, null, null, "the company's standing policy refuses support access", "policy");
                events.publishEvent(new SupportEvents.Denied(companyId, provider, id, agent.displayName(), "standing policy: never", true));
            }
            case AUTO_READ -> {
                if (policy.autoFunctions().containsAll(functions) && minutes <= policy.maxMinutes()) {
                    Instant ends = now.plus(Duration.ofMinutes(minutes));
                    decide(companyId, id, Status.APPROVED, functions, ends, "approved by the standing policy", "policy");
                    events.publishEvent(new SupportEvents.Approved(companyId, provider, id, agent.displayName(), codeList(functions), ends, false, true));
                }
            }
            case ASK -> {
                // Waits for a person of the company.
            }
        }
        return find(companyId, id).orElseThrow();
    }

    /** The agent's own requests, newest first, or every agent's for a holder of {@code support.requests.view}. */
    public List<SupportGrant> ofAgent(Subject agent) {
        boolean all = agent.has(Permission.SUPPORT_REQUESTS_VIEW);
        return TenantContext.asPlatform(() -> jdbc.sql("SELECT " + COLUMNS + " FROM support_access" + (all ? "" : " WHERE agent_id = :agent")
                + " ORDER BY created_at DESC LIMIT 500").param("agent", agent.employeeId()).query(this::row).list());
    }

    /** One of the agent's requests (any agent's with {@code support.requests.view}), or 404. */
    public SupportGrant ofAgent(Subject agent, UUID id) {
        return TenantContext.asPlatform(() -> jdbc.sql("SELECT " + COLUMNS + " FROM support_access WHERE id = :id").param("id", id).query(this::row).optional())
                .filter(g -> g.agentId().equals(agent.employeeId()) || agent.has(Permission.SUPPORT_REQUESTS_VIEW))
                .orElseThrow(() -> new NotFoundException("support_request"));
    }

    @Override
    public Optional<Subject> enter(Subject agent, UUID grant) {
        if (agent.support() || !agent.provider() || !agent.has(Permission.SUPPORT_ACCESS_REQUEST)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return TenantContext.asPlatform(() -> jdbc.sql("SELECT " + COLUMNS + " FROM support_access WHERE id = :id").param("id", grant).query(this::row)
                .optional())
                .filter(g -> g.agentId().equals(agent.employeeId()) && g.inForce(now))
                .map(g -> Subject.support(g.company(), agent, g.id(), g.grantedSet()));
    }

    // ----- the company's side -----

    public List<SupportGrant> ofCompany(TenantId company) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM support_access WHERE tenant_id = :t ORDER BY created_at DESC LIMIT 500").param("t", company.value())
                .query(this::row).list();
    }

    public Optional<SupportGrant> find(TenantId company, UUID id) {
        return TenantContext.as(company, () -> jdbc.sql("SELECT " + COLUMNS + " FROM support_access WHERE tenant_id = :t AND id = :id")
                .param("t", company.value()).param("id", id).query(this::row).optional());
    }

    /**
     * Approves a waiting request, possibly narrowed: no function beyond those requested, none the approver lacks, and
     * no longer than requested.
     */
    @Transactional
    public SupportGrant approve(Subject approver, UUID id, Approval approval) {
        SupportGrant g = waiting(approver, id);
        List<ValidationFailedException.Violation> problems = new ArrayList<>();
        Set<Permission> functions = g.requested().isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(g.requested());
        if (approval.functions() != null) {
            functions = parse(approval.functions(), "functions", problems);
            Set<String> beyond = functions.stream().filter(p -> !g.requested().contains(p)).map(Permission::code).collect(Collectors.toCollection(TreeSet::new));
            if (!beyond.isEmpty()) {
                problems.add(new ValidationFailedException.Violation("functions", "support.beyondRequest",
                        "support did not ask for " + String.join(", ", beyond) + "; approve the requested functions or fewer", List.of(String.join(", ", beyond))));
            }
            if (functions.isEmpty() && problems.isEmpty()) {
                problems.add(new ValidationFailedException.Violation("functions", "support.noFunctions",
                        "approve at least one function, or deny the request instead"));
            }
        }
        Set<String> lacking = functions.stream().filter(p -> !approver.has(p)).map(Permission::code).collect(Collectors.toCollection(TreeSet::new));
        if (!lacking.isEmpty()) {
            problems.add(new ValidationFailedException.Violation("functions", "support.approverLacks",
                    "you do not hold " + String.join(", ", lacking) + " yourself, so you cannot grant it; leave it out or ask an administrator who holds it",
                    List.of(String.join(", ", lacking))));
        }
        Instant now = clock.instant();
        Instant ends = now.plus(Duration.ofMinutes(g.requestedMinutes()));
        if (approval.expiresAt() != null) {
            if (!approval.expiresAt().isAfter(now)) {
                problems.add(new ValidationFailedException.Violation("expires_at", "support.expiresPast",
                        "is in the past; give a moment after now, no later than " + ends, List.of(ends.toString())));
            } else if (approval.expiresAt().isAfter(ends)) {
                problems.add(new ValidationFailedException.Violation("expires_at", "support.expiresBeyond",
                        "is later than support asked for (" + ends + "); shorten it or leave it out", List.of(ends.toString())));
            } else {
                ends = approval.expiresAt();
            }
        } else if (approval.minutes() != null) {
            int minutes = minutes(approval.minutes(), "minutes", problems);
            if (minutes > g.requestedMinutes()) {
                problems.add(new ValidationFailedException.Violation("minutes", "support.minutesBeyond",
                        "support asked for " + g.requestedMinutes() + " minutes; approve that or fewer", List.of(Integer.toString(g.requestedMinutes()))));
            } else if (minutes > 0) {
                ends = now.plus(Duration.ofMinutes(minutes));
            }
        }
        String note = note(approval.note(), problems);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        decide(g.company(), id, Status.APPROVED, functions, ends, note, approver.displayName());
        boolean narrowed = functions.size() < g.requested().size() || ends.isBefore(now.plus(Duration.ofMinutes(g.requestedMinutes())));
        events.publishEvent(new SupportEvents.Approved(g.company(), providerId(), id, g.agentName(), codeList(functions), ends, narrowed, false));
        return find(g.company(), id).orElseThrow();
    }

    @Transactional
    public SupportGrant deny(Subject approver, UUID id, @Nullable String note) {
        SupportGrant g = waiting(approver, id);
        List<ValidationFailedException.Violation> problems = new ArrayList<>();
        String text = note(note, problems);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        decide(g.company(), id, Status.DENIED, null, null, text, approver.displayName());
        events.publishEvent(new SupportEvents.Denied(g.company(), providerId(), id, g.agentName(), text, false));
        return find(g.company(), id).orElseThrow();
    }

    /** Ends a grant in force at once: the agent's very next request inside the company is refused. */
    @Transactional
    public SupportGrant revoke(Subject approver, UUID id, @Nullable String note) {
        SupportGrant g = find(approver.tenantId(), id).orElseThrow(() -> new NotFoundException("support_request"));
        if (!g.inForce(clock.instant())) {
            throw new ConflictException("status", "support.notInForce", "this access is not in force (it is " + g.statusAt(clock.instant()).code()
                    + "); only an approved access that has not ended can be revoked", g.statusAt(clock.instant()).code());
        }
        List<ValidationFailedException.Violation> problems = new ArrayList<>();
        String text = note(note, problems);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        Instant now = clock.instant();
        jdbc.sql("UPDATE support_access SET status = 'revoked', ended_by = :by, ended_at = :now, decision_note = COALESCE(:note, decision_note) "
                + "WHERE tenant_id = :t AND id = :id AND status = 'approved'")
                .param("by", approver.displayName()).param("now", ts(now)).param("note", text).param("t", g.company().value()).param("id", id).update();
        events.publishEvent(new SupportEvents.Revoked(g.company(), providerId(), id, g.agentName(), text));
        return find(g.company(), id).orElseThrow();
    }

    public SupportPolicy policy(TenantId company) {
        return TenantContext.as(company, () -> jdbc.sql("SELECT mode, auto_functions, max_minutes FROM support_policies WHERE tenant_id = :t")
                .param("t", company.value())
                .query((rs, n) -> new SupportPolicy(SupportPolicy.Mode.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)),
                        List.copyOf(functions(rs.getString(2))), rs.getInt(3)))
                .optional().orElse(SupportPolicy.DEFAULT));
    }

    /** The policy as entered; {@code auto_read} needs read-only functions, which the approver must hold. */
    public record PolicyDraft(@Nullable String mode, @Nullable List<String> autoFunctions, @Nullable Integer maxMinutes) {}

    @Transactional
    public SupportPolicy setPolicy(Subject approver, PolicyDraft draft) {
        List<ValidationFailedException.Violation> problems = new ArrayList<>();
        SupportPolicy.Mode mode = null;
        for (SupportPolicy.Mode m : SupportPolicy.Mode.values()) {
            if (m.code().equals(draft.mode())) {
                mode = m;
            }
        }
        if (mode == null) {
            problems.add(new ValidationFailedException.Violation("mode", "support.policyMode", "must be ask, never or auto_read"));
        }
        Set<Permission> auto = draft.autoFunctions() == null ? EnumSet.noneOf(Permission.class) : parse(draft.autoFunctions(), "auto_functions", problems);
        Set<String> notRead = auto.stream().filter(p -> !READ_ONLY.contains(p)).map(Permission::code).collect(Collectors.toCollection(TreeSet::new));
        if (!notRead.isEmpty()) {
            problems.add(new ValidationFailedException.Violation("auto_functions", "support.autoNotReadOnly",
                    String.join(", ", notRead) + " changes data; only read-only functions are approved automatically", List.of(String.join(", ", notRead))));
        }
        if (mode == SupportPolicy.Mode.AUTO_READ && auto.isEmpty() && draft.autoFunctions() != null && problems.isEmpty()) {
            problems.add(new ValidationFailedException.Violation("auto_functions", "support.autoEmpty", "name the read-only functions approved automatically"));
        }
        Set<String> lacking = auto.stream().filter(p -> !approver.has(p)).map(Permission::code).collect(Collectors.toCollection(TreeSet::new));
        if (!lacking.isEmpty()) {
            problems.add(new ValidationFailedException.Violation("auto_functions", "support.approverLacks",
                    "you do not hold " + String.join(", ", lacking) + " yourself, so you cannot grant it; leave it out or ask an administrator who holds it",
                    List.of(String.join(", ", lacking))));
        }
        int max = draft.maxMinutes() == null ? SupportPolicy.DEFAULT.maxMinutes() : minutes(draft.maxMinutes(), "max_minutes", problems);
        if (!problems.isEmpty()) {
            throw new ValidationFailedException(problems);
        }
        if (mode == SupportPolicy.Mode.AUTO_READ && auto.isEmpty()) {
            auto = EnumSet.copyOf(READ_ONLY);
            auto.removeIf(p -> !approver.has(p));
        }
        SupportPolicy before = policy(approver.tenantId());
        SupportPolicy after = new SupportPolicy(mode, List.copyOf(auto), max);
        int updated = jdbc.sql("UPDATE support_policies SET mode = :mode, auto_functions = :auto, max_minutes = :max, updated_at = :now, updated_by = :by "
                + "WHERE tenant_id = :t").param("mode", mode.code()).param("auto", codes(auto)).param("max", max).param("now", ts(clock.instant()))
                .param("by", approver.displayName()).param("t", approver.tenantId().value()).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO support_policies (tenant_id, mode, auto_functions, max_minutes, updated_at, updated_by) VALUES (:t, :mode, :auto, :max, :now, :by)")
                    .param("t", approver.tenantId().value()).param("mode", mode.code()).param("auto", codes(auto)).param("max", max)
                    .param("now", ts(clock.instant())).param("by", approver.displayName()).update();
        }
        events.publishEvent(new PolicyChanged(approver.tenantId(), before, after));
        return after;
    }

    /** The standing policy changed, with before and after. */
    public record PolicyChanged(TenantId company, SupportPolicy before, SupportPolicy after) {}

    /** Records the end of grants that reached their time; access already stopped at that moment (see {@link SupportGrant#inForce}). */
    @Scheduled(fixedDelayString = "${fortel.support.expiry-check:30s}", initialDelayString = "${fortel.support.expiry-check:30s}")
    public void expire() {
        Instant now = clock.instant();
        List<SupportGrant> due = TenantContext.asPlatform(() -> jdbc.sql("SELECT " + COLUMNS + " FROM support_access WHERE status = 'approved' AND expires_at <= :now")
                .param("now", ts(now)).query(this::row).list());
        TenantId provider = due.isEmpty() ? null : providerId();
        for (SupportGrant g : due) {
            TenantContext.as(g.company(), () -> transactions.executeWithoutResult(tx -> {
                int changed = jdbc.sql("UPDATE support_access SET status = 'expired', ended_at = expires_at WHERE tenant_id = :t AND id = :id AND status = 'approved'")
                        .param("t", g.company().value()).param("id", g.id()).update();
                if (changed == 1) {
                    events.publishEvent(new SupportEvents.Expired(g.company(), provider, g.id(), g.agentName(), g.expiresAt()));
                }
            }));
        }
    }

    // ----- helpers -----

    private SupportGrant waiting(Subject approver, UUID id) {
        SupportGrant g = find(approver.tenantId(), id).orElseThrow(() -> new NotFoundException("support_request"));
        if (g.status() != Status.REQUESTED) {
            throw new ConflictException("status", "support.decided", "this request was already decided (it is " + g.statusAt(clock.instant()).code()
                    + "); support files a new request if it still needs access", g.statusAt(clock.instant()).code());
        }
        return g;
    }

    private void decide(TenantId company, UUID id, Status status, @Nullable Set<Permission> functions, @Nullable Instant ends, @Nullable String note,
            String by) {
        TenantContext.as(company, () -> jdbc.sql("UPDATE support_access SET status = :status, granted_functions = :functions, expires_at = :ends, "
                + "decided_by = :by, decided_at = :now, decision_note = :note WHERE tenant_id = :t AND id = :id")
                .param("status", status.code()).param("functions", functions == null ? null : codes(functions)).param("ends", ends == null ? null : ts(ends))
                .param("by", by).param("now", ts(clock.instant())).param("note", note).param("t", company.value()).param("id", id).update());
    }

    /**
     * The provider's company, read once. A company's transaction sees only its own tenant rows, so the lookup runs
     * in a transaction of its own in the platform context; the provider's company never changes.
     */
    private TenantId providerId() {
        TenantId known = provider;
        if (known == null) {
            TransactionTemplate separate = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
            separate.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            separate.setReadOnly(true);
            known = TenantContext.asPlatform(() -> separate.execute(tx -> tenants.provider().map(Tenant::id).orElseThrow()));
            provider = known;
        }
        return java.util.Objects.requireNonNull(known);
    }

    private volatile @Nullable TenantId provider;

    private Set<Permission> requestedFunctions(RequestDraft draft, List<ValidationFailedException.Violation> problems) {
        if (draft.access() != null && !draft.access().equals("read_only")) {
            problems.add(new ValidationFailedException.Violation("access", "support.access", "must be read_only, or leave it out and list functions"));
            return EnumSet.noneOf(Permission.class);
        }
        Set<Permission> out = EnumSet.noneOf(Permission.class);
        if ("read_only".equals(draft.access())) {
            out.addAll(READ_ONLY);
        }
        if (draft.functions() != null) {
            out.addAll(parse(draft.functions(), "functions", problems));
        }
        if (out.isEmpty() && problems.stream().noneMatch(v -> v.field().equals("functions"))) {
            problems.add(new ValidationFailedException.Violation("functions", "support.functionsRequired",
                    "name the functions support needs, such as [\"employees.view\"], or give \"access\": \"read_only\""));
        }
        return out;
    }

    private static Set<Permission> parse(List<String> codes, String field, List<ValidationFailedException.Violation> problems) {
        Set<Permission> out = EnumSet.noneOf(Permission.class);
        Set<String> unknown = new TreeSet<>();
        Set<String> refused = new TreeSet<>();
        for (String code : codes) {
            Optional<Permission> p = Permission.ofCode(code == null ? "" : code);
            if (p.isEmpty()) {
                unknown.add(String.valueOf(code));
            } else if (!SUPPORTABLE.contains(p.get())) {
                refused.add(code);
            } else {
                out.add(p.get());
            }
        }
        if (!unknown.isEmpty()) {
            problems.add(new ValidationFailedException.Violation(field, "support.functionUnknown",
                    "no function has the code " + String.join(", ", unknown) + "; GET /api/v1/functions lists them", List.of(String.join(", ", unknown))));
        }
        if (!refused.isEmpty()) {
            problems.add(new ValidationFailedException.Violation(field, "support.functionNotSupportable", String.join(", ", refused)
                    + " is never given to support (it would let support extend its own access, create lasting tokens or silence the journal's delivery)",
                    List.of(String.join(", ", refused))));
        }
        return out;
    }

    private static int minutes(@Nullable Integer minutes, String field, List<ValidationFailedException.Violation> problems) {
        if (minutes == null || minutes < 1 || minutes > MAX_MINUTES) {
            problems.add(new ValidationFailedException.Violation(field, "support.minutes", "required: 1 to " + MAX_MINUTES + " minutes (a week at most)",
                    List.of(Integer.toString(MAX_MINUTES))));
            return 0;
        }
        return minutes;
    }

    private static @Nullable String note(@Nullable String note, List<ValidationFailedException.Violation> problems) {
        if (note == null || note.isBlank()) {
            return null;
        }
        if (note.length() > 1000) {
            problems.add(new ValidationFailedException.Violation("note", "support.note", "up to 1,000 characters"));
        }
        return note.strip();
    }

    private static String codes(Set<Permission> functions) {
        return functions.stream().map(Permission::code).sorted().collect(Collectors.joining(","));
    }

    private static List<String> codeList(Set<Permission> functions) {
        return functions.stream().map(Permission::code).sorted().toList();
    }

    private static List<Permission> functions(@Nullable String codes) {
        if (codes == null || codes.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(codes.split(",")).map(Permission::ofCode).flatMap(Optional::stream).sorted().toList();
    }

    private SupportGrant row(ResultSet rs, int n) throws SQLException {
        return new SupportGrant(TenantId.of(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), functions(rs.getString(8)), rs.getInt(9),
                Status.valueOf(rs.getString(10).toUpperCase(java.util.Locale.ROOT)), functions(rs.getString(11)), instant(rs, 12), rs.getString(13),
                instant(rs, 14), rs.getString(15), rs.getString(16), instant(rs, 17), java.util.Objects.requireNonNull(instant(rs, 18)));
    }

    private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
