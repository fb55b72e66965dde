package dev.fortel.tenancy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The tenant table. Tenants are platform-level rows: only the provider's operators list or create them. */
@Repository
public class Tenants {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Tenants(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Transactional
    public Tenant create(String name, TenantKind kind) {
        Tenant tenant = new Tenant(TenantId.of(UUID.randomUUID()), name, kind, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        jdbc.sql("INSERT INTO tenants (id, name, name_key, kind, created_at) VALUES (:id, :name, :key, :kind, :created)")
                .param("id", tenant.id().value()).param("name", name).param("key", name.strip().toLowerCase(java.util.Locale.ROOT)).param("kind", kind.name())
                .param("created", OffsetDateTime.ofInstant(tenant.createdAt(), ZoneOffset.UTC))
                .update();
        // The event's listeners (the journal) run in this same transaction.
        events.publishEvent(new TenantCreated(tenant.id(), name));
        return tenant;
    }

    public Optional<Tenant> find(TenantId id) {
        return jdbc.sql("SELECT id, name, kind, created_at FROM tenants WHERE id = :id")
                .param("id", id.value()).query(Tenants::map).optional();
    }

    public Optional<Tenant> provider() {
        return jdbc.sql("SELECT id, name, kind, created_at FROM tenants WHERE kind = 'PROVIDER'").query(Tenants::map).optional();
    }

    public List<Tenant> all() {
        return jdbc.sql("SELECT id, name, kind, created_at FROM tenants ORDER BY created_at DESC, id").query(Tenants::map).list();
    }

    public boolean nameTaken(String name) {
        return jdbc.sql("SELECT count(*) FROM tenants WHERE name_key = :key").param("key", name.strip().toLowerCase(java.util.Locale.ROOT))
                .query(Long.class).single() > 0;
    }

    private static Tenant map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Tenant(TenantId.of(rs.getObject("id", UUID.class)), rs.getString("name"),
                TenantKind.valueOf(rs.getString("kind")), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
