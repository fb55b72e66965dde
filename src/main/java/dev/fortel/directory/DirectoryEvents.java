package dev.fortel.directory;

import dev.fortel.tenancy.TenantId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Past-tense facts about the directory, published inside the transaction that made them true.
 * {@code changes} maps a field name to its {@code [before, after]} pair.
 */
public final class DirectoryEvents {

    private DirectoryEvents() {}

    public record EmployeeCreated(TenantId tenantId, UUID employeeId, String login, String displayName, Map<String, Object> fields) {
        public EmployeeCreated {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    public record EmployeeUpdated(TenantId tenantId, UUID employeeId, String login, Map<String, Object[]> changes) {
        public EmployeeUpdated {
            changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        }
    }

    public record EmployeeDisabled(TenantId tenantId, UUID employeeId, String login) {}

    /** An employee received another's roles and groups in one change ({@code field -> [before, after]}). */
    public record EmployeeAccessCopied(TenantId tenantId, UUID employeeId, String login, UUID fromId, String fromLogin,
            java.util.Map<String, Object[]> changes) {}

    /** An account's lifetime ran out (recorded by the expiry job): it can no longer sign in. */
    public record EmployeeExpired(TenantId tenantId, UUID employeeId, String login, java.time.Instant expiresAt) {}

    public record EmployeeEnabled(TenantId tenantId, UUID employeeId, String login) {}

    public record EmployeeDeleted(TenantId tenantId, UUID employeeId, String login, String displayName) {}

    public record GroupCreated(TenantId tenantId, UUID groupId, String name) {}

    public record GroupUpdated(TenantId tenantId, UUID groupId, String name, Map<String, Object[]> changes) {
        public GroupUpdated {
            changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        }
    }

    public record GroupDeleted(TenantId tenantId, UUID groupId, String name) {}
}
