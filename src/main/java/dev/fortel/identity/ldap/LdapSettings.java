package dev.fortel.identity.ldap;

import dev.fortel.access.Role;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A company's directory as stored: where it is, how Fortel binds to it (the password stays sealed and is not part of
 * this record), where its people and groups are and which attributes carry what.
 *
 * @param idAttribute the entry's stable id ({@code entryUUID} in OpenLDAP, {@code objectGUID} in Active Directory): it
 *     links an employee to their entry across renames and moves
 * @param syncMinutes how often the directory is synchronized; 0 for on demand only
 */
public record LdapSettings(TenantId tenantId, boolean enabled, String url, @Nullable String caPem, String bindDn, String userBase,
        String userFilter, String loginAttribute, String nameAttribute, @Nullable String phoneAttribute, @Nullable String departmentAttribute,
        @Nullable String managerAttribute, String idAttribute, @Nullable String groupBase, @Nullable String groupFilter,
        @Nullable String memberAttribute, int syncMinutes, @Nullable Instant nextSyncAt, List<GroupRole> groupRoles, Instant createdAt,
        Instant updatedAt) {

    public LdapSettings {
        groupRoles = List.copyOf(groupRoles);
    }

    /** Members of the directory group {@code groupDn} hold {@code role} in Fortel. */
    public record GroupRole(String groupDn, Role role) {}

    /** Whether {@code ldaps://} (TLS from the first byte) rather than StartTLS on {@code ldap://}. */
    public boolean ldaps() {
        return url.regionMatches(true, 0, "ldaps:", 0, 6);
    }
}
