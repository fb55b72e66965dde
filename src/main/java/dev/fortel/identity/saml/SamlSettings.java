package dev.fortel.identity.saml;

import dev.fortel.access.Role;
import dev.fortel.tenancy.TenantId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A company's identity provider as stored: what its metadata said (entity id, sign-in URL, signing certificates) and how
 * its assertions become employees.
 *
 * @param idpCertificates the PEM certificates the IdP signs with; a response signed by any other key is refused
 * @param jit whether someone unknown to Fortel whose e-mail is in one of {@code domains} becomes an employee at their
 *     first sign-in
 * @param ssoOnly whether employees may sign in only through the IdP; the owner keeps their password (break-glass)
 * @param emailAttribute the attribute holding the e-mail (the login); when absent the NameID is the e-mail
 */
public record SamlSettings(TenantId tenantId, boolean enabled, String idpEntityId, String ssoUrl, @Nullable String sloUrl,
        List<String> idpCertificates, @Nullable String metadataUrl, boolean jit, boolean ssoOnly, @Nullable String emailAttribute,
        @Nullable String nameAttribute, @Nullable String phoneAttribute, @Nullable String groupsAttribute, List<String> domains,
        List<GroupRole> groupRoles, Instant createdAt, Instant updatedAt) {

    public SamlSettings {
        idpCertificates = List.copyOf(idpCertificates);
        domains = List.copyOf(domains);
        groupRoles = List.copyOf(groupRoles);
    }

    /** People in the IdP's group {@code group} (a value of the groups attribute) hold {@code role} in Fortel. */
    public record GroupRole(String group, Role role) {}
}
