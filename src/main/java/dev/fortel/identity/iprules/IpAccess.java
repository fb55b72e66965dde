package dev.fortel.identity.iprules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import inet.ipaddr.IPAddress;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one question the sign-in path and the request filters ask: does the provider's deny-list or the
 * company's rules refuse this address for a request in these scopes? Answers from compiled rule sets kept
 * in memory (Caffeine) for {@code fortel.ip-rules.cache-ttl}: a check costs one address parse and a scan
 * of at most {@code max-rules} ranges, no database round trip. A change drops this node's copy when its
 * transaction commits; other nodes read the new rules when their copy expires.
 */
@Component
public class IpAccess {

    private static final String DENY_LIST = "deny-list";

    private final LoadingCache<TenantId, IpRuleSet> companies;
    private final LoadingCache<String, DenyList> provider;
    private final Cache<String, Boolean> journaled;

    IpAccess(IpRules rules, IpRulesProperties settings, PlatformTransactionManager transactions) {
        // Loads read in a transaction of their own, entered after the tenant is set: a check made inside
        // another company's transaction would otherwise read through that transaction's connection, which
        // row-level security scopes to the other company, and cache an empty rule set.
        TransactionTemplate read = new TransactionTemplate(transactions);
        read.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        read.setReadOnly(true);
        this.companies = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(100_000)
                .build(tenant -> TenantContext.as(tenant, () -> read.execute(s -> new IpRuleSet(rules.all(tenant)))));
        this.provider = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(1)
                .build(key -> TenantContext.asPlatform(() -> read.execute(s -> new DenyList(rules.denyList()))));
        this.journaled = Caffeine.newBuilder().expireAfterWrite(settings.refusalJournalInterval()).maximumSize(100_000).build();
    }

    /** The provider-wide deny-list's verdict on {@code ip}: it applies to everyone, signed in or not. */
    public Optional<Refusal> provider(@Nullable String ip) {
        if (ip == null) {
            return Optional.empty();
        }
        return denyList().refusal(IpRange.client(ip), IpRange.canonicalClient(ip));
    }

    /** The company's own rules' verdict on {@code ip} for a request in {@code scopes}. */
    public Optional<Refusal> tenant(TenantId tenant, Set<IpRuleScope> scopes, @Nullable String ip) {
        if (ip == null) {
            return Optional.empty();
        }
        return rulesOf(tenant).refusal(IpRange.client(ip), scopes, IpRange.canonicalClient(ip));
    }

    /** Both, the provider's deny-list first. */
    public Optional<Refusal> check(TenantId tenant, Set<IpRuleScope> scopes, @Nullable String ip) {
        Optional<Refusal> byProvider = provider(ip);
        return byProvider.isPresent() ? byProvider : tenant(tenant, scopes, ip);
    }

    /**
     * A short value that changes when anything that could change the verdict for this request changes:
     * the address, the scopes, the company's rules or the deny-list. A console session stores it and
     * checks again only when it differs.
     */
    public String fingerprint(TenantId tenant, Set<IpRuleScope> scopes, @Nullable String ip) {
        return ip + "|" + scopes + "|" + rulesOf(tenant).fingerprint() + "|" + denyList().fingerprint();
    }

    /**
     * Whether a refusal identified by {@code key} should be journaled now: true once per key within
     * {@code fortel.ip-rules.refusal-journal-interval} (on this node).
     */
    public boolean firstWithinInterval(String key) {
        return journaled.asMap().putIfAbsent(key, Boolean.TRUE) == null;
    }

    IpRuleSet rulesOf(TenantId tenant) {
        return companies.get(tenant);
    }

    DenyList denyList() {
        return provider.get(DENY_LIST);
    }

    /** Drops this node's copy of the company's rules once the current transaction commits (at once without one). */
    void changed(TenantId tenant) {
        afterCommit(() -> companies.invalidate(tenant));
    }

    void denyListChanged() {
        afterCommit(() -> provider.invalidate(DENY_LIST));
    }

    /** For evaluating a proposed change: whether a parsed client address is refused by a candidate rule set. */
    static Optional<Refusal> refusal(IpRuleSet candidate, Set<IpRuleScope> scopes, String ip) {
        IPAddress address = IpRange.client(ip);
        return candidate.refusal(address, scopes, IpRange.canonicalClient(ip));
    }

    static Optional<Refusal> refusal(DenyList candidate, String ip) {
        return candidate.refusal(IpRange.client(ip), IpRange.canonicalClient(ip));
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
