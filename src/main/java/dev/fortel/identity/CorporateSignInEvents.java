package dev.fortel.identity;

import dev.fortel.tenancy.TenantId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Past-tense facts about a company's corporate sign-in (its LDAP / Active Directory, its SAML identity provider), published for the journal. */
public final class CorporateSignInEvents {

    private CorporateSignInEvents() {}

    /**
     * The directory's settings were saved: {@code field -> [before, after]} as the API names the fields. The bind
     * password appears only as {@code "replaced"}; the CA by its SHA-256 fingerprints.
     */
    public record DirectoryChanged(TenantId tenantId, boolean created, Map<String, Object[]> changes) {}

    /**
     * An employee was linked to a directory entry: from now on the directory checks their password, and the one stored
     * in Fortel (if any) is removed.
     */
    public record AccountLinked(TenantId tenantId, UUID employeeId, String login) {}

    /** The directory was removed; the employees it linked keep their accounts but can no longer sign in by bind. */
    public record DirectoryRemoved(TenantId tenantId, String url, int linkedAccounts) {}

    /** An administrator tested the connection: {@code problem} is the failure's code ({@code bind_rejected}, …). */
    public record DirectoryTested(TenantId tenantId, String url, boolean ok, @Nullable String problem, String detail, int usersFound) {}

    /**
     * A synchronization ended. {@code startedBy} is {@code admin} or {@code schedule}; {@code outcome} is {@code ok},
     * {@code partial} (some entries refused, listed in {@code problems}) or {@code failed} (nothing changed).
     */
    public record DirectorySynchronized(TenantId tenantId, UUID syncId, String startedBy, String outcome, int created, int updated,
            int disabled, int errors, List<String> problems) {}

    /**
     * The SAML identity provider's settings were saved: {@code field -> [before, after]}; certificates by their SHA-256
     * fingerprints.
     */
    public record SsoChanged(TenantId tenantId, boolean created, Map<String, Object[]> changes) {}

    /** The identity provider was removed; {@code accounts} employees had signed in through it. */
    public record SsoRemoved(TenantId tenantId, String idpEntityId, int accounts) {}
}
