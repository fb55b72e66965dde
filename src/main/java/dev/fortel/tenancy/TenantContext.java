package dev.fortel.tenancy;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Which tenant's data the current thread may touch. Set from the authenticated subject by the security
 * layer for each request, read by {@code TenantScopedDataSource} when it hands out a connection.
 *
 * <p>{@link #asPlatform} is the deliberate, visible escape for work that spans tenants by nature: looking
 * a login up at sign-in, the provider operator's tenant list, journal verification. Grep for it in review.
 */
public final class TenantContext {

    /** The marker PostgreSQL policies accept as "every tenant". */
    static final String PLATFORM = "*";

    private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

    private TenantContext() {}

    public static @Nullable TenantId current() {
        String value = CURRENT.get();
        return value == null || PLATFORM.equals(value) ? null : TenantId.of(java.util.UUID.fromString(value));
    }

    /** The value for the database session setting (read by the PostgreSQL data source): a tenant id, the platform marker, or empty. */
    public static String databaseSetting() {
        String value = CURRENT.get();
        return value == null ? "" : value;
    }

    public static <T> T as(TenantId tenant, Supplier<T> work) {
        return with(tenant.toString(), work);
    }

    public static void as(TenantId tenant, Runnable work) {
        with(tenant.toString(), () -> {
            work.run();
            return null;
        });
    }

    public static <T> T asPlatform(Supplier<T> work) {
        return with(PLATFORM, work);
    }

    public static void asPlatform(Runnable work) {
        with(PLATFORM, () -> {
            work.run();
            return null;
        });
    }

    /** For the request filter, which must set the tenant for the whole filter chain. */
    public static void set(@Nullable TenantId tenant) {
        if (tenant == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(tenant.toString());
        }
    }

    public static void clear() {
        CURRENT.remove();
    }

    private static <T> T with(String value, Supplier<T> work) {
        String previous = CURRENT.get();
        CURRENT.set(value);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
