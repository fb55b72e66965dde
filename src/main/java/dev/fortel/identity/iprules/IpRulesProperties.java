package dev.fortel.identity.iprules;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * IP rule evaluation ({@code fortel.ip-rules.*}).
 *
 * @param cacheTtl how long a node keeps a company's compiled rules (and the deny-list) before reading them
 *     again. The node that makes a change drops its copy at once; other nodes of a cluster see the change
 *     within this time, so keep it short
 * @param maxRules the most rules one company, and the provider's deny-list, may hold (bounds the work per request)
 * @param refusalJournalInterval refused API token requests are journaled at most once per token and address
 *     within this interval, so a client looping on a refused address cannot flood the journal
 */
@Validated
@ConfigurationProperties("fortel.ip-rules")
record IpRulesProperties(@NotNull Duration cacheTtl, @Min(1) @Max(10_000) int maxRules, @NotNull Duration refusalJournalInterval) {

    IpRulesProperties {
        if (cacheTtl != null && (cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofMinutes(10)) > 0)) {
            throw new IllegalArgumentException("fortel.ip-rules.cache-ttl must be between 0s and 10m; other nodes apply a change only after it");
        }
        if (refusalJournalInterval != null && refusalJournalInterval.isNegative()) {
            throw new IllegalArgumentException("fortel.ip-rules.refusal-journal-interval must not be negative");
        }
    }
}
