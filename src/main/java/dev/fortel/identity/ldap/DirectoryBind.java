package dev.fortel.identity.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Sign-in by bind for the employees a company's directory links: the directory checks the password, Fortel stores
 * none. The person's entry is looked up as the service account by the login (an equality filter the SDK escapes, so a
 * typed {@code *)(uid=*))(|(uid=*} is a literal value, RFC 4515 §3), must be the entry the employee is linked to (its
 * stable id), and is then bound as with the typed password on the same TLS connection.
 */
@Component
public class DirectoryBind {

    private final LdapDirectories directories;
    private final LdapAccounts accounts;

    DirectoryBind(LdapDirectories directories, LdapAccounts accounts) {
        this.directories = directories;
        this.accounts = accounts;
    }

    /** Whether the employee's password is the directory's to check. */
    public boolean linked(TenantId tenant, UUID employee) {
        return TenantContext.as(tenant, () -> accounts.byEmployee(tenant, employee).isPresent());
    }

    /**
     * Checks {@code password} by binding as the employee's entry; returns normally when the directory accepted it.
     *
     * @throws DirectoryProblem {@code bind_rejected} for a wrong password, {@code entry_missing} when the entry is gone or
     *     is another one now, {@code directory_off} when the company switched its directory off, or why the directory
     *     could not be asked
     */
    public void verify(TenantId tenant, UUID employee, String login, String password) throws DirectoryProblem {
        LdapSettings s = TenantContext.as(tenant, () -> directories.find(tenant)).filter(LdapSettings::enabled)
                .orElseThrow(() -> new DirectoryProblem("directory_off", "the company's directory is switched off or removed"));
        LdapAccounts.Link link = TenantContext.as(tenant, () -> accounts.byEmployee(tenant, employee))
                .orElseThrow(() -> new DirectoryProblem("entry_missing", "the employee is not linked to the directory"));
        if (password.isEmpty()) {
            throw new DirectoryProblem("bind_rejected", "an empty password is never sent: it would be an unauthenticated bind (RFC 4513 §5.1.2)");
        }
        try (LDAPConnection c = directories.connect(s)) {
            SearchResultEntry entry = entry(c, s, login).orElseThrow(() -> new DirectoryProblem("entry_missing",
                    "the directory has no single entry with " + s.loginAttribute() + " " + login + " under " + s.userBase()));
            if (!link.externalId().equalsIgnoreCase(String.valueOf(idOf(entry, s)))) {
                throw new DirectoryProblem("entry_missing", "the entry with this login is not the one the employee is linked to; synchronize first");
            }
            DirectoryConnector.bind(c, entry.getDN(), password);
        }
    }

    /** The one entry under the user base that matches the company's filter and has this login; none if zero or several. */
    static Optional<SearchResultEntry> entry(LDAPConnection c, LdapSettings s, String login) throws DirectoryProblem {
        try {
            Filter filter = Filter.createANDFilter(Filter.create(s.userFilter()), Filter.createEqualityFilter(s.loginAttribute(), login));
            SearchRequest request = new SearchRequest(s.userBase(), SearchScope.SUB, filter, s.idAttribute());
            request.setSizeLimit(2);
            SearchResult found = c.search(request);
            return found.getEntryCount() == 1 ? Optional.of(found.getSearchEntries().getFirst()) : Optional.empty();
        } catch (LDAPSearchException e) {
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return Optional.empty();
            }
            throw DirectoryConnector.translate(e, c.getConnectedAddress(), c.getConnectedPort());
        } catch (LDAPException e) {
            throw DirectoryConnector.translate(e, c.getConnectedAddress(), c.getConnectedPort());
        }
    }

    private static String idOf(SearchResultEntry e, LdapSettings s) {
        Attribute a = e.getAttribute(s.idAttribute());
        if (a == null) {
            return "";
        }
        return "objectGUID".equalsIgnoreCase(s.idAttribute()) ? DirectorySync.guid(a.getValueByteArray()) : String.valueOf(a.getValue());
    }
}
