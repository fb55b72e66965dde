package dev.fortel.audit.correlation;

import dev.fortel.tenancy.TenantId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Evaluates every committed event against its company's rules and the provider's rules. A company's rules are
 * compiled when its first event arrives (its own files, or the built-ins it has not turned off) and again when they
 * change. Single-threaded: the analyzer is its only caller.
 */
final class CorrelationEngine {

    private final int capPerRule;
    private final Function<TenantId, List<RuleFile>> companyRules;
    private final Map<TenantId, ActiveRules> companies = new HashMap<>();
    private ActiveRules provider;

    CorrelationEngine(int capPerRule, List<RuleFile> providerRules, Function<TenantId, List<RuleFile>> companyRules) {
        this.capPerRule = capPerRule;
        this.companyRules = companyRules;
        this.provider = new ActiveRules(null, providerRules, capPerRule);
    }

    /** The matches this event completes (company rules first, then the provider's), and what first_seen rules learned. */
    List<Match> accept(ObservedEvent event, List<SeenWrite> writes) {
        List<Match> matches = new ArrayList<>(0);
        companies.computeIfAbsent(event.tenant(), t -> new ActiveRules(t, companyRules.apply(t), capPerRule)).accept(event, matches, writes);
        provider.accept(event, matches, writes);
        return matches;
    }

    /** The company's rules changed: its windows start over with the new files. */
    void reload(TenantId company) {
        companies.remove(company);
    }

    void reloadProvider(List<RuleFile> files) {
        provider = new ActiveRules(null, files, capPerRule);
    }

    ActiveRules scope(TenantId company) {
        return companies.computeIfAbsent(company, t -> new ActiveRules(t, companyRules.apply(t), capPerRule));
    }

    ActiveRules provider() {
        return provider;
    }

    /** Keys held in every window, and keys dropped to stay within the cap. */
    long[] keys() {
        long[] total = provider.keys();
        for (ActiveRules a : companies.values()) {
            long[] k = a.keys();
            total[0] += k[0];
            total[1] += k[1];
        }
        return total;
    }
}
