package dev.fortel.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A per-company value every request needs (its roles, its org chart), cached per node and kept true across a cluster
 * by the company's access version: the node that makes a change drops its copy when the change commits, and every node
 * compares the stored version with the one it loaded at most once per check interval. So a decision never waits for the
 * database, and a change made on another node is applied within the interval.
 */
final class VersionedCache<T> {

    /** @param checking set while one request asks the database for the version; the others keep using this copy */
    private record Loaded<T>(T value, long version, long checkedAtNanos, AtomicBoolean checking) {}

    private final Roles versions;
    private final Function<TenantId, T> loader;
    private final TransactionTemplate read;
    private final long checkIntervalNanos;
    private final Cache<TenantId, Loaded<T>> cache;

    VersionedCache(Roles versions, Function<TenantId, T> loader, PlatformTransactionManager transactions, java.time.Duration checkInterval,
            long maximumCompanies) {
        this.versions = versions;
        this.loader = loader;
        // Loads read in a transaction of their own, entered after the tenant is set: a load made inside another company's
        // transaction (or the platform's sign-in lookup) must not read through that transaction's connection.
        this.read = new TransactionTemplate(transactions);
        read.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        read.setReadOnly(true);
        this.checkIntervalNanos = checkInterval.toNanos();
        this.cache = Caffeine.newBuilder().maximumSize(maximumCompanies).build();
    }

    T get(TenantId tenant) {
        Loaded<T> loaded = cache.getIfPresent(tenant);
        long now = System.nanoTime();
        if (loaded == null) {
            // One load per company at a time: the others wait for it instead of each taking a connection of its own.
            return cache.get(tenant, t -> load(t, now)).value();
        }
        // Fresh enough, or another request is checking right now (its answer is a moment away): use the copy in hand. So
        // at most one request per company and node asks the database at a time, and a burst of requests inside their own
        // transactions cannot drain the connection pool with reads of their own.
        if (now - loaded.checkedAtNanos() < checkIntervalNanos || !loaded.checking().compareAndSet(false, true)) {
            return loaded.value();
        }
        try {
            long version = TenantContext.as(tenant, () -> read.execute(s -> versions.version(tenant)));
            if (loaded.version() == version) {
                cache.put(tenant, new Loaded<>(loaded.value(), version, now, new AtomicBoolean()));
                return loaded.value();
            }
            Loaded<T> fresh = load(tenant, now);
            cache.put(tenant, fresh);
            return fresh.value();
        } finally {
            loaded.checking().set(false);
        }
    }

    /** Version first, then the value: a change committed in between makes the next check load again, never the reverse. */
    private Loaded<T> load(TenantId tenant, long now) {
        return TenantContext.as(tenant, () -> read.execute(s -> {
            long version = versions.version(tenant);
            return new Loaded<>(loader.apply(tenant), version, now, new AtomicBoolean());
        }));
    }

    /** Drops this node's copy once the current transaction commits (at once outside a transaction). */
    void changed(TenantId tenant) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cache.invalidate(tenant);
                }
            });
        } else {
            cache.invalidate(tenant);
        }
    }
}
