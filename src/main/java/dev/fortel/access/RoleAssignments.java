package dev.fortel.access;

import dev.fortel.tenancy.TenantId;
import java.util.Set;
import java.util.UUID;

/**
 * What the access model needs to know about who holds roles and which groups exist, answered by the module that owns
 * people and groups (directory). An interface here keeps the dependency one-way: directory uses the access model, and
 * provides these answers to it.
 */
public interface RoleAssignments {

    /** How many employees hold {@code role} directly, and how many groups carry it to their members. */
    Usage usage(TenantId tenant, Role role);

    /** Of {@code ids}, those that are groups of the company. */
    Set<UUID> existingGroups(TenantId tenant, Set<UUID> ids);

    /** Every group of the company by id, with its name, in name order: for choosing the groups a grant reaches. */
    java.util.SequencedMap<UUID, String> groupNames(TenantId tenant);

    /** The company's reporting lines and group memberships, read in one go (the caller caches it). */
    OrgChart orgChart(TenantId tenant);

    record Usage(int employees, int groups) {
        public boolean inUse() {
            return employees > 0 || groups > 0;
        }
    }
}
