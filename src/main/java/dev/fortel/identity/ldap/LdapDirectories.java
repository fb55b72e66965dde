package dev.fortel.identity.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import dev.fortel.access.Role;
import dev.fortel.access.Subject;
import dev.fortel.directory.EmployeeDirectory;
import dev.fortel.identity.CorporateSignInEvents;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.platform.tls.ServerTrust;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A company's directory settings: validated as a whole where they are entered (every broken field named, nothing stored
 * half-way), the bind password sealed with the company's data key, every change journaled with before and after, and
 * the connection tested on demand with the precise reason of a failure.
 */
@Service
public class LdapDirectories {

    static final String PASSWORD_PURPOSE = "identity.ldap-bind-password";
    /** An attribute description: a name (RFC 4512 §1.4 keystring) or a numeric OID. */
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,99}|[0-9]+(\\.[0-9]+)+");
    private static final int MAX_GROUP_ROLES = 200;

    /** The settings as entered; {@code bindPassword} left empty keeps the stored one. */
    public record Draft(@Nullable Boolean enabled, @Nullable String url, @Nullable String caPem, @Nullable String bindDn,
            @Nullable String bindPassword, @Nullable String userBase, @Nullable String userFilter, @Nullable String loginAttribute,
            @Nullable String nameAttribute, @Nullable String phoneAttribute, @Nullable String departmentAttribute,
            @Nullable String managerAttribute, @Nullable String idAttribute, @Nullable String groupBase, @Nullable String groupFilter,
            @Nullable String memberAttribute, @Nullable Integer syncMinutes, @Nullable List<GroupRoleDraft> groupRoles) {}

    public record GroupRoleDraft(@Nullable String groupDn, @Nullable String role) {}

    /**
     * What a test found: whether each step worked, up to the first that failed ({@code problem} names it), how many
     * people the search found (at most {@code sampleLimit}) and a few of their logins.
     */
    public record TestResult(boolean ok, @Nullable String problem, String detail, List<Object> args, @Nullable String tls, int usersFound,
            boolean more, List<String> sample) {}

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final EmployeeDirectory directory;
    private final LdapAccounts accounts;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final DirectoryConnector connector;

    LdapDirectories(JdbcClient jdbc, SecretBox box, EmployeeDirectory directory, LdapAccounts accounts, ApplicationEventPublisher events, Clock clock,
            LdapProperties properties) {
        this.jdbc = jdbc;
        this.box = box;
        this.directory = directory;
        this.accounts = accounts;
        this.events = events;
        this.clock = clock;
        this.connector = new DirectoryConnector(properties.connectTimeout(), properties.responseTimeout());
    }

    public Optional<LdapSettings> find(TenantId tenant) {
        return jdbc.sql("SELECT * FROM ldap_directories WHERE tenant_id = :t").param("t", tenant.value()).query((rs, n) -> map(rs, tenant))
                .optional().map(s -> withRoles(s, groupRoles(tenant)));
    }

    public LdapSettings get(TenantId tenant) {
        return find(tenant).orElseThrow(() -> new NotFoundException("directory"));
    }

    /** How many employees of the company sign in through the directory. */
    public int linkedAccounts(TenantId tenant) {
        return accounts.count(tenant);
    }

    @Transactional
    public LdapSettings save(Subject actor, Draft draft) {
        TenantId tenant = actor.tenantId();
        Optional<LdapSettings> before = find(tenant);
        Valid v = validate(draft, before.orElse(null));
        Set<Role> mapped = new TreeSet<>();
        v.groupRoles().forEach(g -> mapped.add(g.role()));
        Set<Role> had = new TreeSet<>();
        before.ifPresent(b -> b.groupRoles().forEach(g -> had.add(g.role())));
        Set<Role> added = new TreeSet<>(mapped);
        added.removeAll(had);
        // Mapping a group to a role hands the role to whoever the directory puts in the group: only someone who could
        // grant the role themself may set that up.
        directory.checkGrantable(actor, "group_roles", added);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String sealed = v.bindPassword() == null ? storedPassword(tenant) : box.seal(v.bindPassword(), PASSWORD_PURPOSE, tenant.value().toString());
        Instant next = v.syncMinutes() == 0 || !v.enabled() ? null
                : before.filter(b -> b.syncMinutes() == v.syncMinutes() && b.nextSyncAt() != null).map(LdapSettings::nextSyncAt)
                        .orElse(now.plus(v.syncMinutes(), ChronoUnit.MINUTES));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("t", tenant.value());
        params.put("enabled", v.enabled());
        params.put("url", v.url());
        params.put("ca", v.caPem());
        params.put("bindDn", v.bindDn());
        params.put("pw", sealed);
        params.put("userBase", v.userBase());
        params.put("userFilter", v.userFilter());
        params.put("login", v.loginAttribute());
        params.put("name", v.nameAttribute());
        params.put("phone", v.phoneAttribute());
        params.put("dept", v.departmentAttribute());
        params.put("manager", v.managerAttribute());
        params.put("id", v.idAttribute());
        params.put("groupBase", v.groupBase());
        params.put("groupFilter", v.groupFilter());
        params.put("member", v.memberAttribute());
        params.put("sync", v.syncMinutes());
        params.put("next", next == null ? null : ts(next));
        params.put("now", ts(now));
        if (before.isPresent()) {
            jdbc.sql("""
                    UPDATE ldap_directories SET enabled = :enabled, url = :url, ca_pem = :ca, bind_dn = :bindDn, bind_password = :pw,
                        user_base = :userBase, user_filter = :userFilter, login_attr = :login, name_attr = :name, phone_attr = :phone,
                        department_attr = :dept, manager_attr = :manager, id_attr = :id, group_base = :groupBase, group_filter = :groupFilter,
                        member_attr = :member, sync_minutes = :sync, next_sync_at = :next, updated_at = :now
                    WHERE tenant_id = :t""").params(params).update();
        } else {
            jdbc.sql("""
                    INSERT INTO ldap_directories (tenant_id, enabled, url, ca_pem, bind_dn, bind_password, user_base, user_filter, login_attr,
                        name_attr, phone_attr, department_attr, manager_attr, id_attr, group_base, group_filter, member_attr, sync_minutes,
                        next_sync_at, created_at, updated_at)
                    VALUES (:t, :enabled, :url, :ca, :bindDn, :pw, :userBase, :userFilter, :login, :name, :phone, :dept, :manager, :id,
                        :groupBase, :groupFilter, :member, :sync, :next, :now, :now)""").params(params).update();
        }
        jdbc.sql("DELETE FROM ldap_group_roles WHERE tenant_id = :t").param("t", tenant.value()).update();
        for (LdapSettings.GroupRole g : v.groupRoles()) {
            jdbc.sql("INSERT INTO ldap_group_roles (tenant_id, group_dn_key, group_dn, role) VALUES (:t, :k, :dn, :r)")
                    .param("t", tenant.value()).param("k", dnKey(g.groupDn())).param("dn", g.groupDn()).param("r", g.role().code()).update();
        }
        LdapSettings after = get(tenant);
        Map<String, Object> old = before.map(LdapDirectories::shown).orElse(Map.of());
        Map<String, Object> now2 = shown(after);
        Map<String, Object[]> changes = new LinkedHashMap<>();
        now2.forEach((k, value) -> {
            if (!Objects.equals(old.get(k), value)) {
                changes.put(k, new Object[] {old.get(k), value});
            }
        });
        if (v.bindPassword() != null) {
            changes.put("bind_password", new Object[] {before.isPresent() ? "set" : null, "replaced"});
        }
        if (!changes.isEmpty()) {
            events.publishEvent(new CorporateSignInEvents.DirectoryChanged(tenant, before.isEmpty(), changes));
        }
        return after;
    }

    /**
     * Removes the directory. The employees it linked keep their accounts, without a password: like a new employee, each
     * can be given one through an activation link. Nobody signs in by bind any more.
     */
    @Transactional
    public void remove(Subject actor) {
        TenantId tenant = actor.tenantId();
        LdapSettings before = get(tenant);
        int linked = accounts.unlinkAll(tenant);
        jdbc.sql("DELETE FROM ldap_group_roles WHERE tenant_id = :t").param("t", tenant.value()).update();
        jdbc.sql("DELETE FROM ldap_directories WHERE tenant_id = :t").param("t", tenant.value()).update();
        events.publishEvent(new CorporateSignInEvents.DirectoryRemoved(tenant, before.url(), linked));
    }

    /**
     * Connects, binds as the service account and searches the user base, reporting the first step that fails; the
     * outcome is journaled. Nothing in the directory or in Fortel changes.
     */
    public TestResult test(Subject actor) {
        TenantId tenant = actor.tenantId();
        LdapSettings s = get(tenant);
        TestResult result;
        try (LDAPConnection c = connect(s)) {
            String tls = c.getSSLSession() == null ? null : c.getSSLSession().getProtocol() + " " + c.getSSLSession().getCipherSuite();
            SearchRequest search = new SearchRequest(s.userBase(), SearchScope.SUB, Filter.create(s.userFilter()), s.loginAttribute());
            int limit = 20;
            search.setSizeLimit(limit + 1);
            SearchResult found;
            boolean more = false;
            try {
                found = c.search(search);
            } catch (com.unboundid.ldap.sdk.LDAPSearchException e) {
                if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
                    throw e;
                }
                found = e.getSearchResult();
                more = true;
            }
            List<String> sample = new ArrayList<>();
            found.getSearchEntries().stream().limit(5).forEach(e -> sample.add(String.valueOf(e.getAttributeValue(s.loginAttribute()))));
            int count = Math.min(found.getEntryCount(), limit);
            more = more || found.getEntryCount() > limit;
            if (s.groupBase() != null) {
                if (c.getEntry(s.groupBase()) == null) {
                    throw new DirectoryProblem("group_base_not_found", "the directory has no entry " + s.groupBase() + " for the groups' base",
                            s.groupBase());
                }
            }
            result = new TestResult(true, null, count == 0 ? "connected and bound, but the search found nobody: check the user base and filter"
                    : "connected over " + tls + ", bound as " + s.bindDn() + ", found " + count + (more ? "+" : "") + " people", List.of(), tls, count,
                    more, sample);
        } catch (DirectoryProblem p) {
            result = new TestResult(false, p.code(), p.detail(), p.args(), null, 0, false, List.of());
        } catch (LDAPException e) {
            DirectoryProblem p = DirectoryConnector.translate(e, host(s.url()), 0);
            result = new TestResult(false, p.code(), p.detail(), p.args(), null, 0, false, List.of());
        }
        events.publishEvent(new CorporateSignInEvents.DirectoryTested(tenant, s.url(), result.ok(), result.problem(), result.detail(),
                result.usersFound()));
        return result;
    }

    /** A TLS connection bound as the company's service account. */
    LDAPConnection connect(LdapSettings s) throws DirectoryProblem {
        // Sign-in calls this outside any company's context: the row is the company's, so read it in its context.
        String sealed = TenantContext.as(s.tenantId(), () -> storedPassword(s.tenantId()));
        String password = box.openText(Objects.requireNonNull(sealed, "bind password"), PASSWORD_PURPOSE, s.tenantId().value().toString());
        return connector.bound(s.url(), s.caPem(), s.bindDn(), password);
    }

    /** A TLS connection, not bound (for binding as an employee). */
    LDAPConnection anonymous(LdapSettings s) throws DirectoryProblem {
        return connector.open(s.url(), s.caPem());
    }

    private @Nullable String storedPassword(TenantId tenant) {
        return jdbc.sql("SELECT bind_password FROM ldap_directories WHERE tenant_id = :t").param("t", tenant.value()).query(String.class)
                .optional().orElse(null);
    }

    private List<LdapSettings.GroupRole> groupRoles(TenantId tenant) {
        return jdbc.sql("SELECT group_dn, role FROM ldap_group_roles WHERE tenant_id = :t ORDER BY group_dn, role").param("t", tenant.value())
                .query((rs, n) -> new LdapSettings.GroupRole(rs.getString("group_dn"), new Role(rs.getString("role")))).list();
    }

    private record Valid(boolean enabled, String url, @Nullable String caPem, String bindDn, @Nullable String bindPassword, String userBase,
            String userFilter, String loginAttribute, String nameAttribute, @Nullable String phoneAttribute, @Nullable String departmentAttribute,
            @Nullable String managerAttribute, String idAttribute, @Nullable String groupBase, @Nullable String groupFilter,
            @Nullable String memberAttribute, int syncMinutes, List<LdapSettings.GroupRole> groupRoles) {}

    private Valid validate(Draft d, @Nullable LdapSettings existing) {
        List<Violation> broken = new ArrayList<>();
        String url = text(d.url());
        if (url == null) {
            broken.add(new Violation("url", "ldap.url", "is required: ldaps://host:636 or ldap://host:389 (Fortel then uses StartTLS)"));
        } else {
            try {
                LDAPURL parsed = new LDAPURL(url);
                if (!parsed.hostProvided()) {
                    broken.add(new Violation("url", "ldap.url", "must name the server: ldaps://host:636 or ldap://host:389"));
                } else if (url.length() > 500) {
                    broken.add(new Violation("url", "ldap.url", "must be at most 500 characters"));
                } else {
                    url = parsed.getScheme() + "://" + hostPart(parsed.getHost()) + ":" + parsed.getPort();
                }
            } catch (LDAPException e) {
                broken.add(new Violation("url", "ldap.url", "is not an LDAP URL: write ldaps://host:636 or ldap://host:389 (plain LDAP is never used; "
                        + "ldap:// switches to TLS with StartTLS)"));
            }
        }
        String ca = text(d.caPem());
        if (ca != null) {
            try {
                if (ServerTrust.certificates(ca).isEmpty()) {
                    throw new CertificateException("no certificate");
                }
            } catch (CertificateException | RuntimeException e) {
                broken.add(new Violation("ca_pem", "ldap.pem", "is not a PEM certificate (-----BEGIN CERTIFICATE----- …): paste the CA that issued the "
                        + "directory server's certificate"));
            }
        }
        String bindDn = dn(d.bindDn(), "bind_dn", true, broken);
        String password = d.bindPassword() == null || d.bindPassword().isEmpty() ? null : d.bindPassword();
        if (password == null && existing == null) {
            broken.add(new Violation("bind_password", "ldap.bindPassword", "is required: the password of the service account that Fortel binds as"));
        } else if (password != null && password.length() > 1000) {
            broken.add(new Violation("bind_password", "ldap.bindPasswordLong", "must be at most 1000 characters"));
        }
        String userBase = dn(d.userBase(), "user_base", true, broken);
        String userFilter = filter(d.userFilter(), "user_filter", "(objectClass=inetOrgPerson)", broken);
        String login = attribute(d.loginAttribute(), "login_attribute", "mail", broken);
        String name = attribute(d.nameAttribute(), "name_attribute", "cn", broken);
        String phone = attribute(d.phoneAttribute(), "phone_attribute", null, broken);
        String dept = attribute(d.departmentAttribute(), "department_attribute", null, broken);
        String manager = attribute(d.managerAttribute(), "manager_attribute", null, broken);
        String id = attribute(d.idAttribute(), "id_attribute", "entryUUID", broken);
        String groupBase = dn(d.groupBase(), "group_base", false, broken);
        String groupFilter = groupBase == null ? null : filter(d.groupFilter(), "group_filter", "(objectClass=groupOfNames)", broken);
        String member = groupBase == null ? null : attribute(d.memberAttribute(), "member_attribute", "member", broken);
        int sync = d.syncMinutes() == null ? 0 : d.syncMinutes();
        if (sync != 0 && (sync < 15 || sync > 1440)) {
            broken.add(new Violation("sync_minutes", "ldap.syncMinutes", "must be 0 (on demand only) or between 15 and 1440 minutes"));
        }
        List<LdapSettings.GroupRole> roles = new ArrayList<>();
        List<GroupRoleDraft> drafts = d.groupRoles() == null ? List.of() : d.groupRoles();
        if (drafts.size() > MAX_GROUP_ROLES) {
            broken.add(new Violation("group_roles", "ldap.groupRolesMany", "may hold at most " + MAX_GROUP_ROLES + " mappings", List.of(MAX_GROUP_ROLES)));
        } else if (!drafts.isEmpty() && groupBase == null) {
            broken.add(new Violation("group_base", "ldap.groupBase", "is required when groups are mapped to roles: the DN under which the groups are"));
        }
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < drafts.size() && i < MAX_GROUP_ROLES; i++) {
            GroupRoleDraft g = drafts.get(i);
            String groupDn = dn(g == null ? null : g.groupDn(), "group_roles[" + i + "].group_dn", true, broken);
            String code = g == null ? null : text(g.role());
            Optional<Role> role = code == null ? Optional.empty() : Role.parse(code.toLowerCase(Locale.ROOT));
            if (role.isEmpty()) {
                broken.add(new Violation("group_roles[" + i + "].role", "ldap.role", "must be the code of one of your company's roles, such as admin"));
            } else if (groupDn != null && seen.add(dnKey(groupDn) + "|" + role.get().code())) {
                roles.add(new LdapSettings.GroupRole(groupDn, role.get()));
            }
        }
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        return new Valid(d.enabled() == null || d.enabled(), Objects.requireNonNull(url), ca, Objects.requireNonNull(bindDn), password,
                Objects.requireNonNull(userBase), Objects.requireNonNull(userFilter), Objects.requireNonNull(login), Objects.requireNonNull(name), phone,
                dept, manager, Objects.requireNonNull(id), groupBase, groupFilter, member, sync, roles);
    }

    private static @Nullable String dn(@Nullable String value, String field, boolean required, List<Violation> broken) {
        String v = text(value);
        if (v == null) {
            if (required) {
                broken.add(new Violation(field, "ldap.dnRequired", "is required: a distinguished name such as ou=people,dc=example,dc=com"));
            }
            return null;
        }
        if (v.length() > 1000 || !DN.isValidDN(v)) {
            broken.add(new Violation(field, "ldap.dn", "is not a distinguished name (RFC 4514): write it like ou=people,dc=example,dc=com"));
            return null;
        }
        return v;
    }

    private static @Nullable String filter(@Nullable String value, String field, String fallback, List<Violation> broken) {
        String v = text(value);
        if (v == null) {
            return fallback;
        }
        try {
            if (v.length() > 1000) {
                throw new LDAPException(ResultCode.FILTER_ERROR, "too long");
            }
            return Filter.create(v).toString();
        } catch (LDAPException e) {
            broken.add(new Violation(field, "ldap.filter", "is not an LDAP filter (RFC 4515): write it like (objectClass=inetOrgPerson) or "
                    + "(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))"));
            return null;
        }
    }

    private static @Nullable String attribute(@Nullable String value, String field, @Nullable String fallback, List<Violation> broken) {
        String v = text(value);
        if (v == null) {
            return fallback;
        }
        if (!ATTRIBUTE.matcher(v).matches()) {
            broken.add(new Violation(field, "ldap.attribute", "must be an attribute name such as mail, cn or telephoneNumber"));
            return null;
        }
        return v;
    }

    /** The form of a DN that compares equal for spelling variants of one DN (case, spaces, escaping). */
    static String dnKey(String dn) {
        try {
            return new DN(dn).toNormalizedString();
        } catch (LDAPException e) {
            return dn.toLowerCase(Locale.ROOT);
        }
    }

    private static String hostPart(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static @Nullable String host(String url) {
        try {
            return new LDAPURL(url).getHost();
        } catch (LDAPException e) {
            return null;
        }
    }

    private static Map<String, Object> shown(LdapSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", s.enabled());
        m.put("url", s.url());
        m.put("ca_sha256", fingerprints(s.caPem()));
        m.put("bind_dn", s.bindDn());
        m.put("user_base", s.userBase());
        m.put("user_filter", s.userFilter());
        m.put("login_attribute", s.loginAttribute());
        m.put("name_attribute", s.nameAttribute());
        m.put("phone_attribute", s.phoneAttribute());
        m.put("department_attribute", s.departmentAttribute());
        m.put("manager_attribute", s.managerAttribute());
        m.put("id_attribute", s.idAttribute());
        m.put("group_base", s.groupBase());
        m.put("group_filter", s.groupFilter());
        m.put("member_attribute", s.memberAttribute());
        m.put("sync_minutes", s.syncMinutes());
        m.put("group_roles", s.groupRoles().stream().map(g -> g.groupDn() + " -> " + g.role().code()).toList());
        return m;
    }

    private static @Nullable List<String> fingerprints(@Nullable String pem) {
        if (pem == null) {
            return null;
        }
        try {
            List<String> out = new ArrayList<>();
            for (X509Certificate c : ServerTrust.certificates(pem)) {
                out.add(ServerTrust.fingerprint(c));
            }
            return out;
        } catch (CertificateException e) {
            return null;
        }
    }

    private static @Nullable String text(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static LdapSettings withRoles(LdapSettings s, List<LdapSettings.GroupRole> roles) {
        return new LdapSettings(s.tenantId(), s.enabled(), s.url(), s.caPem(), s.bindDn(), s.userBase(), s.userFilter(), s.loginAttribute(),
                s.nameAttribute(), s.phoneAttribute(), s.departmentAttribute(), s.managerAttribute(), s.idAttribute(), s.groupBase(), s.groupFilter(),
                s.memberAttribute(), s.syncMinutes(), s.nextSyncAt(), roles, s.createdAt(), s.updatedAt());
    }

    private static LdapSettings map(java.sql.ResultSet rs, TenantId tenant) throws java.sql.SQLException {
        return new LdapSettings(tenant, rs.getBoolean("enabled"), rs.getString("url"), rs.getString("ca_pem"), rs.getString("bind_dn"),
                rs.getString("user_base"), rs.getString("user_filter"), rs.getString("login_attr"), rs.getString("name_attr"), rs.getString("phone_attr"),
                rs.getString("department_attr"), rs.getString("manager_attr"), rs.getString("id_attr"), rs.getString("group_base"),
                rs.getString("group_filter"), rs.getString("member_attr"), rs.getInt("sync_minutes"), instant(rs, "next_sync_at"), List.of(),
                Objects.requireNonNull(instant(rs, "created_at")), Objects.requireNonNull(instant(rs, "updated_at")));
    }

    static @Nullable Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime ts(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
