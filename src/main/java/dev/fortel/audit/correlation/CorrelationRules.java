package dev.fortel.audit.correlation;

import dev.fortel.access.Subject;
import dev.fortel.audit.Journal;
import dev.fortel.audit.JournalEntry.Outcome;
import dev.fortel.audit.JournalEntry.Target;
import dev.fortel.audit.JournalTypes;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A company's correlation rule files: the built-ins, each of which it may turn off or rewrite (and reset to the
 * shipped text), and files of its own. For the provider's company these are the provider's rules, which see every
 * company's events. Every change is journaled in the same transaction.
 */
@Service
public class CorrelationRules {

    private final JdbcClient jdbc;
    private final Journal journal;
    private final Clock clock;
    private final CorrelationProperties properties;

    CorrelationRules(JdbcClient jdbc, Journal journal, Clock clock, CorrelationProperties properties) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
        this.properties = properties;
    }

    /** A rule's part as lists show it. */
    public record RuleSummary(String name, String title, String level, String kind, boolean alerting) {}

    /**
     * A rule file as the console and API show it.
     *
     * @param builtIn shipped with Fortel (it can be rewritten and reset, not deleted)
     * @param modified a built-in the company has rewritten
     */
    public record RuleFileView(String name, String title, boolean builtIn, boolean modified, boolean enabled, String yaml, List<RuleSummary> rules,
            @Nullable Instant updatedAt, @Nullable String updatedBy) {}

    private record Row(String name, @Nullable String yaml, boolean enabled, Instant updatedAt, @Nullable String updatedBy) {}

    public List<RuleFileView> list(TenantId tenant, boolean provider) {
        Map<String, Row> rows = rows(tenant);
        List<RuleFileView> out = new ArrayList<>();
        builtIns(provider).forEach((name, text) -> out.add(view(name, text, true, rows.remove(name))));
        rows.values().forEach(r -> out.add(view(r.name(), r.yaml() == null ? "" : r.yaml(), false, r)));
        return out;
    }

    public RuleFileView get(TenantId tenant, boolean provider, String name) {
        return list(tenant, provider).stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow(() -> new NotFoundException("rule file"));
    }

    /** The files in force for a scope, parsed: what the analysis runs. A stored file that no longer parses is skipped. */
    List<RuleFile> active(TenantId tenant, boolean provider) {
        Map<String, Row> rows = rows(tenant);
        List<RuleFile> builtIn = provider ? BuiltInRules.provider() : BuiltInRules.company();
        List<RuleFile> out = new ArrayList<>();
        for (RuleFile f : builtIn) {
            Row r = rows.remove(f.name());
            if (r == null) {
                out.add(f);
            } else if (r.enabled()) {
                parsed(r.name(), r.yaml()).or(() -> Optional.of(f)).ifPresent(out::add);
            }
        }
        rows.values().stream().filter(Row::enabled).forEach(r -> parsed(r.name(), r.yaml()).ifPresent(out::add));
        return out;
    }

    /** A stamp per company that changes whenever its rules do: the analysis recompiles a company's rules when it moves. */
    Map<UUID, String> stamps() {
        Map<UUID, String> out = new HashMap<>();
        jdbc.sql("SELECT tenant_id, COUNT(*), MAX(updated_at) FROM correlation_rules GROUP BY tenant_id")
                .query((rs, n) -> out.put(rs.getObject(1, UUID.class), rs.getLong(2) + "|" + rs.getObject(3, OffsetDateTime.class))).list();
        return out;
    }

    /**
     * Creates a file of the company's own, or rewrites one (a built-in too). The YAML must parse in full: a rule that
     * half works is worse than none, because it is believed.
     */
    @Transactional
    public RuleFileView save(Subject actor, boolean provider, String name, @Nullable String yaml, @Nullable Boolean enabled) {
        TenantId tenant = actor.tenantId();
        if (name == null || !RuleParser.NAME.matcher(name).matches()) {
            throw ValidationFailedException.of("name", "correlation.name",
                    "must be 1 to 64 lower-case letters, digits, '_', '-' or '.', starting with a letter or digit, such as night-exports");
        }
        if (yaml == null || yaml.isBlank()) {
            throw ValidationFailedException.of("yaml", "correlation.yamlMissing", "is required: the rules as Sigma YAML");
        }
        if (yaml.length() > 64_000) {
            throw ValidationFailedException.of("yaml", "correlation.yamlTooLong", "is longer than 64,000 characters");
        }
        RuleFile parsed;
        try {
            parsed = RuleParser.parse(name, yaml);
        } catch (RuleParser.InvalidRuleFileException e) {
            throw ValidationFailedException.of("yaml", "correlation.yaml", e.getMessage(), e.text());
        }
        Map<String, Row> rows = rows(tenant);
        boolean builtIn = builtIns(provider).containsKey(name);
        Row before = rows.get(name);
        if (before == null && !builtIn) {
            long own = rows.values().stream().filter(r -> !builtIns(provider).containsKey(r.name())).count();
            if (own >= properties.maxRuleFiles()) {
                throw ValidationFailedException.of("name", "correlation.tooMany", "a company may have at most " + properties.maxRuleFiles()
                        + " rule files of its own; delete one first", properties.maxRuleFiles());
            }
        }
        boolean on = enabled == null ? before == null || before.enabled() : enabled;
        Instant now = clock.instant();
        String by = Journal.currentActor().name();
        int changed = jdbc.sql("UPDATE correlation_rules SET yaml = :yaml, enabled = :on, updated_at = :now, updated_by = :by WHERE tenant_id = :t AND name = :name")
                .param("yaml", yaml).param("on", on).param("now", ts(now)).param("by", by).param("t", tenant.value()).param("name", name).update();
        if (changed == 0) {
            jdbc.sql("INSERT INTO correlation_rules (tenant_id, name, yaml, enabled, updated_at, updated_by) VALUES (:t, :name, :yaml, :on, :now, :by)")
                    .param("t", tenant.value()).param("name", name).param("yaml", yaml).param("on", on).param("now", ts(now)).param("by", by).update();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("built_in", builtIn);
        details.put("enabled", on);
        details.put("rules", parsed.rules().stream().map(Rule::name).toList());
        details.put("created", before == null && !builtIn);
        journal.append(new Journal.Draft(tenant, JournalTypes.CORRELATION_RULES_SAVED, Outcome.SUCCESS, Journal.currentActor(),
                new Target("rule_file", name, parsed.title()), details));
        return get(tenant, provider, name);
    }

    /** Turns a file on or off, built-in or not. */
    @Transactional
    public RuleFileView enable(Subject actor, boolean provider, String name, boolean enabled) {
        TenantId tenant = actor.tenantId();
        RuleFileView current = get(tenant, provider, name);
        Instant now = clock.instant();
        String by = Journal.currentActor().name();
        int changed = jdbc.sql("UPDATE correlation_rules SET enabled = :on, updated_at = :now, updated_by = :by WHERE tenant_id = :t AND name = :name")
                .param("on", enabled).param("now", ts(now)).param("by", by).param("t", tenant.value()).param("name", name).update();
        if (changed == 0) {
            jdbc.sql("INSERT INTO correlation_rules (tenant_id, name, yaml, enabled, updated_at, updated_by) VALUES (:t, :name, NULL, :on, :now, :by)")
                    .param("t", tenant.value()).param("name", name).param("on", enabled).param("now", ts(now)).param("by", by).update();
        }
        if (current.enabled() != enabled) {
            journal.append(new Journal.Draft(tenant, enabled ? JournalTypes.CORRELATION_RULES_ENABLED : JournalTypes.CORRELATION_RULES_DISABLED,
                    Outcome.SUCCESS, Journal.currentActor(), new Target("rule_file", name, current.title()), Map.of("built_in", current.builtIn())));
        }
        return get(tenant, provider, name);
    }

    /** Deletes a file of the company's own, or puts a built-in back as shipped (on). */
    @Transactional
    public void delete(Subject actor, boolean provider, String name) {
        TenantId tenant = actor.tenantId();
        RuleFileView current = get(tenant, provider, name);
        int deleted = jdbc.sql("DELETE FROM correlation_rules WHERE tenant_id = :t AND name = :name").param("t", tenant.value()).param("name", name).update();
        if (deleted > 0) {
            journal.append(new Journal.Draft(tenant, current.builtIn() ? JournalTypes.CORRELATION_RULES_RESET : JournalTypes.CORRELATION_RULES_DELETED,
                    Outcome.SUCCESS, Journal.currentActor(), new Target("rule_file", name, current.title()), Map.of("built_in", current.builtIn())));
        }
    }

    private Map<String, Row> rows(TenantId tenant) {
        Map<String, Row> rows = new LinkedHashMap<>();
        jdbc.sql("SELECT name, yaml, enabled, updated_at, updated_by FROM correlation_rules WHERE tenant_id = :t ORDER BY name").param("t", tenant.value())
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getString(5)))
                .list().forEach(r -> rows.put(r.name(), r));
        return rows;
    }

    private static Map<String, String> builtIns(boolean provider) {
        return provider ? BuiltInRules.providerText() : BuiltInRules.companyText();
    }

    private static RuleFileView view(String name, String shipped, boolean builtIn, @Nullable Row row) {
        String yaml = row != null && row.yaml() != null ? row.yaml() : shipped;
        RuleFile parsed = parsed(name, yaml).orElse(null);
        List<RuleSummary> rules = parsed == null ? List.of() : parsed.rules().stream().map(r -> new RuleSummary(r.name(), r.title(), r.level().code(),
                r.detection() != null ? "detection" : r.correlation().type().code, parsed.alerting().contains(r.name()))).toList();
        return new RuleFileView(name, parsed == null ? name : parsed.title(), builtIn, builtIn && row != null && row.yaml() != null,
                row == null || row.enabled(), yaml, rules, row == null ? null : row.updatedAt(), row == null ? null : row.updatedBy());
    }

    private static Optional<RuleFile> parsed(String name, @Nullable String yaml) {
        if (yaml == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(RuleParser.parse(name, yaml));
        } catch (RuleParser.InvalidRuleFileException e) {
            return Optional.empty();
        }
    }

    static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
