package dev.fortel.identity.saml;

import com.onelogin.saml2.settings.IdPMetadataParser;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Util;
import dev.fortel.access.Role;
import dev.fortel.access.Subject;
import dev.fortel.directory.EmployeeDirectory;
import dev.fortel.identity.CorporateSignInEvents;
import dev.fortel.platform.NotFoundException;
import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import dev.fortel.platform.tls.ServerTrust;
import dev.fortel.tenancy.TenantContext;
import dev.fortel.tenancy.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.w3c.dom.Document;

/**
 * A company's identity provider: its metadata imported (pasted, or fetched over HTTPS) and checked as a whole before
 * anything is stored, the e-mail domains that lead to it from the sign-in page (each domain belongs to one company at
 * most), the attribute and group-to-role mapping, and the "SSO only" switch. Every change is journaled with before and
 * after; certificates appear there by their SHA-256 fingerprints.
 */
@Service
public class SamlProviders {

    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[\\p{Graph}]{1,200}");
    private static final int MAX_METADATA = 1_000_000;
    private static final int MAX_DOMAINS = 50;
    private static final int MAX_GROUP_ROLES = 200;

    /** The settings as entered. Metadata left out keeps the stored one. */
    public record Draft(@Nullable Boolean enabled, @Nullable String metadataXml, @Nullable String metadataUrl, @Nullable String metadataCaPem,
            @Nullable List<String> domains,
            @Nullable Boolean jit, @Nullable Boolean ssoOnly, @Nullable String emailAttribute, @Nullable String nameAttribute,
            @Nullable String phoneAttribute, @Nullable String groupsAttribute, @Nullable List<GroupRoleDraft> groupRoles) {}

    public record GroupRoleDraft(@Nullable String group, @Nullable String role) {}

    /** What the IdP's metadata says, as far as Fortel uses it. */
    private record Idp(String entityId, String ssoUrl, @Nullable String sloUrl, List<String> certificates, String xml) {}

    private final JdbcClient jdbc;
    private final EmployeeDirectory directory;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final HttpClient http;

    SamlProviders(JdbcClient jdbc, EmployeeDirectory directory, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.events = events;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public Optional<SamlSettings> find(TenantId tenant) {
        return jdbc.sql("SELECT * FROM saml_providers WHERE tenant_id = :t").param("t", tenant.value()).query((rs, n) -> map(rs, tenant)).optional()
                .map(s -> new SamlSettings(s.tenantId(), s.enabled(), s.idpEntityId(), s.ssoUrl(), s.sloUrl(), s.idpCertificates(), s.metadataUrl(),
                        s.jit(), s.ssoOnly(), s.emailAttribute(), s.nameAttribute(), s.phoneAttribute(), s.groupsAttribute(), domains(tenant),
                        groupRoles(tenant), s.createdAt(), s.updatedAt()));
    }

    public SamlSettings get(TenantId tenant) {
        return find(tenant).orElseThrow(() -> new NotFoundException("identity provider"));
    }

    /**
     * The company whose IdP signs in people of the e-mail {@code login}'s domain, if its single sign-on is on. Asked
     * before anyone is known, so across companies.
     */
    public Optional<TenantId> companyOf(String login) {
        int at = login.lastIndexOf('@');
        if (at < 0 || at == login.length() - 1 || login.length() > 254) {
            return Optional.empty();
        }
        String domain = login.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return TenantContext.asPlatform(() -> jdbc.sql("""
                SELECT d.tenant_id FROM saml_domains d JOIN saml_providers p ON p.tenant_id = d.tenant_id
                WHERE d.domain = :d AND p.enabled""").param("d", domain).query(UUID.class).optional().map(TenantId::new));
    }

    /** Whether the company lets its people sign in only through its IdP (the owner keeps their password). */
    public boolean ssoOnly(TenantId tenant) {
        return TenantContext.as(tenant, () -> jdbc.sql("SELECT COUNT(*) FROM saml_providers WHERE tenant_id = :t AND enabled AND sso_only")
                .param("t", tenant.value()).query(Integer.class).single() > 0);
    }

    @Transactional
    public SamlSettings save(Subject actor, Draft draft) {
        TenantId tenant = actor.tenantId();
        Optional<SamlSettings> before = find(tenant);
        List<Violation> broken = new ArrayList<>();
        Idp idp = idp(draft, before.orElse(null), broken);
        List<String> domains = domains(draft.domains(), tenant, broken);
        String email = attribute(draft.emailAttribute(), "email_attribute", broken);
        String name = attribute(draft.nameAttribute(), "name_attribute", broken);
        String phone = attribute(draft.phoneAttribute(), "phone_attribute", broken);
        String groups = attribute(draft.groupsAttribute(), "groups_attribute", broken);
        boolean enabled = draft.enabled() == null || draft.enabled();
        boolean jit = Boolean.TRUE.equals(draft.jit());
        boolean ssoOnly = Boolean.TRUE.equals(draft.ssoOnly());
        if (jit && domains.isEmpty()) {
            broken.add(new Violation("jit", "saml.jitDomains", "needs at least one e-mail domain: only people of your domains are created at sign-in"));
        }
        if (ssoOnly && !enabled) {
            broken.add(new Violation("sso_only", "saml.ssoOnlyDisabled", "cannot be on while single sign-on is off: nobody but the owner could sign in"));
        }
        List<SamlSettings.GroupRole> roles = groupRoles(draft.groupRoles(), groups, broken);
        if (!broken.isEmpty()) {
            throw new ValidationFailedException(broken);
        }
        Set<Role> added = new TreeSet<>();
        roles.forEach(g -> added.add(g.role()));
        before.ifPresent(b -> b.groupRoles().forEach(g -> added.remove(g.role())));
        // Mapping an IdP group to a role hands the role to whoever the IdP puts in the group.
        directory.checkGrantable(actor, "group_roles", added);
        Idp checked = Objects.requireNonNull(idp);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("t", tenant.value());
        p.put("enabled", enabled);
        p.put("entity", checked.entityId());
        p.put("sso", checked.ssoUrl());
        p.put("slo", checked.sloUrl());
        p.put("certs", String.join("\n", checked.certificates()));
        p.put("url", draft.metadataUrl() != null && !draft.metadataUrl().isBlank() ? draft.metadataUrl().strip()
                : draft.metadataXml() != null && !draft.metadataXml().isBlank() ? null : before.map(SamlSettings::metadataUrl).orElse(null));
        p.put("xml", checked.xml());
        p.put("jit", jit);
        p.put("ssoOnly", ssoOnly);
        p.put("email", email);
        p.put("name", name);
        p.put("phone", phone);
        p.put("groups", groups);
        p.put("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        if (before.isPresent()) {
            jdbc.sql("""
                    UPDATE saml_providers SET enabled = :enabled, idp_entity_id = :entity, sso_url = :sso, slo_url = :slo, idp_certs = :certs,
                        metadata_url = :url, metadata_xml = :xml, jit = :jit, sso_only = :ssoOnly, email_attr = :email, name_attr = :name,
                        phone_attr = :phone, groups_attr = :groups, updated_at = :now
                    WHERE tenant_id = :t""").params(p).update();
        } else {
            jdbc.sql("""
                    INSERT INTO saml_providers (tenant_id, enabled, idp_entity_id, sso_url, slo_url, idp_certs, metadata_url, metadata_xml, jit,
                        sso_only, email_attr, name_attr, phone_attr, groups_attr, created_at, updated_at)
                    VALUES (:t, :enabled, :entity, :sso, :slo, :certs, :url, :xml, :jit, :ssoOnly, :email, :name, :phone, :groups, :now, :now)""")
                    .params(p).update();
        }
        jdbc.sql("DELETE FROM saml_domains WHERE tenant_id = :t").param("t", tenant.value()).update();
        for (String d : domains) {
            jdbc.sql("INSERT INTO saml_domains (domain, tenant_id) VALUES (:d, :t)").param("d", d).param("t", tenant.value()).update();
        }
        jdbc.sql("DELETE FROM saml_group_roles WHERE tenant_id = :t").param("t", tenant.value()).update();
        for (SamlSettings.GroupRole g : roles) {
            jdbc.sql("INSERT INTO saml_group_roles (tenant_id, group_name, role) VALUES (:t, :g, :r)").param("t", tenant.value())
                    .param("g", g.group()).param("r", g.role().code()).update();
        }
        SamlSettings after = get(tenant);
        Map<String, Object> old = before.map(SamlProviders::shown).orElse(Map.of());
        Map<String, Object[]> changes = new LinkedHashMap<>();
        shown(after).forEach((k, v) -> {
            if (!Objects.equals(old.get(k), v)) {
                changes.put(k, new Object[] {old.get(k), v});
            }
        });
        if (!changes.isEmpty()) {
            events.publishEvent(new CorporateSignInEvents.SsoChanged(tenant, before.isEmpty(), changes));
        }
        return after;
    }

    /** Removes the identity provider: its people sign in with a password again (given through an activation link). */
    @Transactional
    public void remove(Subject actor) {
        TenantId tenant = actor.tenantId();
        SamlSettings before = get(tenant);
        int accounts = jdbc.sql("DELETE FROM saml_accounts WHERE tenant_id = :t").param("t", tenant.value()).update();
        for (String table : List.of("saml_domains", "saml_group_roles", "saml_requests", "saml_replays", "saml_providers")) {
            jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = :t").param("t", tenant.value()).update();
        }
        events.publishEvent(new CorporateSignInEvents.SsoRemoved(tenant, before.idpEntityId(), accounts));
    }

    private @Nullable Idp idp(Draft d, @Nullable SamlSettings existing, List<Violation> broken) {
        String xml = text(d.metadataXml());
        String url = text(d.metadataUrl());
        String field = "metadata_xml";
        if (xml == null && url != null) {
            field = "metadata_url";
            xml = fetch(url, text(d.metadataCaPem()), broken);
            if (xml == null) {
                return null;
            }
        }
        if (xml == null) {
            if (existing == null) {
                broken.add(new Violation("metadata_xml", "saml.metadataRequired",
                        "is required: paste your identity provider's SAML metadata (XML), or give its HTTPS address in metadata_url"));
                return null;
            }
            xml = jdbc.sql("SELECT metadata_xml FROM saml_providers WHERE tenant_id = :t").param("t", existing.tenantId().value())
                    .query(String.class).single();
        }
        if (xml.length() > MAX_METADATA) {
            broken.add(new Violation(field, "saml.metadataLarge", "is larger than 1 MB: give the metadata of your identity provider only"));
            return null;
        }
        // Util.loadXML parses with DTDs and external entities off (XXE), and answers null for anything that is not XML.
        Document doc = Util.loadXML(xml);
        if (doc == null) {
            broken.add(new Violation(field, "saml.metadataXml", "is not XML: paste the identity provider's metadata as it downloads "
                    + "(<md:EntityDescriptor …>)"));
            return null;
        }
        Map<String, Object> parsed;
        try {
            parsed = IdPMetadataParser.parseXML(doc);
        } catch (javax.xml.xpath.XPathException | RuntimeException e) {
            parsed = Map.of();
        }
        String entityId = (String) parsed.get(SettingsBuilder.IDP_ENTITYID_PROPERTY_KEY);
        String sso = (String) parsed.get(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY);
        String slo = (String) parsed.get(SettingsBuilder.IDP_SINGLE_LOGOUT_SERVICE_URL_PROPERTY_KEY);
        if (entityId == null || sso == null) {
            broken.add(new Violation(field, "saml.metadataIdp", "holds no identity provider with single sign-on over HTTP-Redirect: check that it "
                    + "is the IdP's metadata (IDPSSODescriptor), not a service provider's"));
            return null;
        }
        if (!sso.startsWith("https://") && !sso.startsWith("http://")) {
            broken.add(new Violation(field, "saml.metadataSsoUrl", "names a sign-in address that is not http(s): {0}", List.of(sso)));
            return null;
        }
        List<String> certs = new ArrayList<>();
        for (Map.Entry<String, Object> e : parsed.entrySet()) {
            if ((e.getKey().equals(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY) || e.getKey().startsWith(SettingsBuilder.IDP_X509CERTMULTI_PROPERTY_KEY))
                    && e.getValue() instanceof String pem && !pem.isBlank()) {
                String normalized = pem(pem);
                if (normalized == null) {
                    broken.add(new Violation(field, "saml.metadataCertificate", "holds a signing certificate that cannot be read: download the "
                            + "metadata again from the identity provider"));
                    return null;
                }
                if (!certs.contains(normalized)) {
                    certs.add(normalized);
                }
            }
        }
        if (certs.isEmpty()) {
            broken.add(new Violation(field, "saml.metadataNoCertificate", "holds no signing certificate (KeyDescriptor use=\"signing\"): Fortel "
                    + "accepts only signed responses, so it needs the key the identity provider signs with"));
            return null;
        }
        return new Idp(entityId, sso, slo, certs, xml);
    }

    /**
     * The metadata at {@code url}, over HTTPS whose certificate must name the host and chain to the JVM's authorities,
     * or to {@code caPem} when given (a corporate IdP often has a certificate of the company's own CA). No redirects.
     */
    private @Nullable String fetch(String url, @Nullable String caPem, List<Violation> broken) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || url.length() > 2000) {
            broken.add(new Violation("metadata_url", "saml.metadataUrl", "must be an https:// address: metadata fetched over plain HTTP could be "
                    + "swapped on the way; download it yourself and paste it into metadata_xml instead"));
            return null;
        }
        HttpClient client = http;
        if (caPem != null) {
            try {
                List<X509Certificate> cas = ServerTrust.certificates(caPem);
                if (cas.isEmpty()) {
                    throw new CertificateException("no certificate");
                }
                javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
                tls.init(null, new javax.net.ssl.TrustManager[] {ServerTrust.authorities(cas)}, null);
                client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).sslContext(tls)
                        .build();
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                broken.add(new Violation("metadata_ca_pem", "saml.metadataCa", "is not a PEM certificate (-----BEGIN CERTIFICATE----- …): "
                        + "paste the CA that issued the metadata server's certificate, or leave it empty"));
                return null;
            }
        }
        try {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    broken.add(new Violation("metadata_url", "saml.metadataStatus", "answered HTTP {0}, not the metadata: check the address",
                            List.of(r.statusCode())));
                    return null;
                }
                byte[] body = in.readNBytes(MAX_METADATA + 1);
                return new String(body, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            broken.add(new Violation("metadata_url", "saml.metadataUnreachable", "could not be fetched ({0}): check the address, or paste the "
                    + "metadata into metadata_xml", List.of(e.getClass().getSimpleName())));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broken.add(new Violation("metadata_url", "saml.metadataUnreachable", "could not be fetched ({0}): check the address, or paste the "
                    + "metadata into metadata_xml", List.of("interrupted")));
            return null;
        } finally {
            if (client != http) {
                client.close();
            }
        }
    }

    private List<String> domains(@Nullable List<String> given, TenantId tenant, List<Violation> broken) {
        Set<String> out = new LinkedHashSet<>();
        List<String> list = given == null ? List.of() : given;
        if (list.size() > MAX_DOMAINS) {
            broken.add(new Violation("domains", "saml.domainsMany", "may hold at most {0} domains", List.of(MAX_DOMAINS)));
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            String raw = list.get(i) == null ? "" : list.get(i).strip().toLowerCase(Locale.ROOT);
            String d = raw.startsWith("@") ? raw.substring(1) : raw;
            if (!DOMAIN.matcher(d).matches()) {
                broken.add(new Violation("domains[" + i + "]", "saml.domain", "is not an e-mail domain such as example.com"));
                continue;
            }
            Optional<UUID> owner = TenantContext.asPlatform(() -> jdbc.sql("SELECT tenant_id FROM saml_domains WHERE domain = :d").param("d", d)
                    .query(UUID.class).optional());
            if (owner.isPresent() && !owner.get().equals(tenant.value())) {
                broken.add(new Violation("domains[" + i + "]", "saml.domainTaken", "is already used for single sign-on by another company; "
                        + "ask the provider's support if it is yours", List.of(d)));
                continue;
            }
            out.add(d);
        }
        return List.copyOf(out);
    }

    private static List<SamlSettings.GroupRole> groupRoles(@Nullable List<GroupRoleDraft> given, @Nullable String groupsAttribute,
            List<Violation> broken) {
        List<GroupRoleDraft> drafts = given == null ? List.of() : given;
        if (drafts.size() > MAX_GROUP_ROLES) {
            broken.add(new Violation("group_roles", "saml.groupRolesMany", "may hold at most {0} mappings", List.of(MAX_GROUP_ROLES)));
            return List.of();
        }
        if (!drafts.isEmpty() && groupsAttribute == null) {
            broken.add(new Violation("groups_attribute", "saml.groupsAttribute", "is required when groups are mapped to roles: the attribute in "
                    + "which the identity provider sends a person's groups"));
        }
        List<SamlSettings.GroupRole> out = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            GroupRoleDraft g = drafts.get(i);
            String group = g == null ? null : text(g.group());
            if (group == null || group.length() > 500) {
                broken.add(new Violation("group_roles[" + i + "].group", "saml.group", "is required: a group as the identity provider names it "
                        + "(at most 500 characters)"));
                continue;
            }
            String code = g.role() == null ? null : text(g.role());
            Optional<Role> role = code == null ? Optional.empty() : Role.parse(code.toLowerCase(Locale.ROOT));
            if (role.isEmpty()) {
                broken.add(new Violation("group_roles[" + i + "].role", "saml.role", "must be the code of one of your company's roles, such as admin"));
            } else if (seen.add(group + "|" + role.get().code())) {
                out.add(new SamlSettings.GroupRole(group, role.get()));
            }
        }
        return out;
    }

    private static @Nullable String attribute(@Nullable String value, String field, List<Violation> broken) {
        String v = text(value);
        if (v != null && !ATTRIBUTE.matcher(v).matches()) {
            broken.add(new Violation(field, "saml.attribute", "must be an attribute name as the identity provider sends it, without spaces "
                    + "(at most 200 characters), e.g. mail or urn:oid:0.9.2342.19200300.100.1.3"));
            return null;
        }
        return v;
    }

    /** A certificate from metadata (bare base64 or PEM) as one PEM block, or null when it is not a certificate. */
    private static @Nullable String pem(String text) {
        try {
            X509Certificate c = Util.loadCert(text);
            if (c == null) {
                return null;
            }
            return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----";
        } catch (CertificateException | RuntimeException e) {
            return null;
        }
    }

    private List<String> domains(TenantId tenant) {
        return jdbc.sql("SELECT domain FROM saml_domains WHERE tenant_id = :t ORDER BY domain").param("t", tenant.value()).query(String.class).list();
    }

    private List<SamlSettings.GroupRole> groupRoles(TenantId tenant) {
        return jdbc.sql("SELECT group_name, role FROM saml_group_roles WHERE tenant_id = :t ORDER BY group_name, role").param("t", tenant.value())
                .query((rs, n) -> new SamlSettings.GroupRole(rs.getString(1), new Role(rs.getString(2)))).list();
    }

    private static Map<String, Object> shown(SamlSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", s.enabled());
        m.put("idp_entity_id", s.idpEntityId());
        m.put("sso_url", s.ssoUrl());
        m.put("slo_url", s.sloUrl());
        m.put("idp_certificates_sha256", fingerprints(s.idpCertificates()));
        m.put("metadata_url", s.metadataUrl());
        m.put("domains", s.domains());
        m.put("jit", s.jit());
        m.put("sso_only", s.ssoOnly());
        m.put("email_attribute", s.emailAttribute());
        m.put("name_attribute", s.nameAttribute());
        m.put("phone_attribute", s.phoneAttribute());
        m.put("groups_attribute", s.groupsAttribute());
        m.put("group_roles", s.groupRoles().stream().map(g -> g.group() + " -> " + g.role().code()).toList());
        return m;
    }

    static List<String> fingerprints(List<String> pems) {
        List<String> out = new ArrayList<>();
        for (String pem : pems) {
            try {
                for (X509Certificate c : ServerTrust.certificates(pem)) {
                    out.add(ServerTrust.fingerprint(c));
                }
            } catch (CertificateException e) {
                out.add("unreadable");
            }
        }
        return out;
    }

    private static @Nullable String text(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static SamlSettings map(java.sql.ResultSet rs, TenantId tenant) throws java.sql.SQLException {
        List<String> certs = new ArrayList<>();
        for (String block : rs.getString("idp_certs").split("(?<=-----END CERTIFICATE-----)\n?")) {
            if (!block.isBlank()) {
                certs.add(block.strip());
            }
        }
        return new SamlSettings(tenant, rs.getBoolean("enabled"), rs.getString("idp_entity_id"), rs.getString("sso_url"), rs.getString("slo_url"),
                certs, rs.getString("metadata_url"), rs.getBoolean("jit"), rs.getBoolean("sso_only"), rs.getString("email_attr"),
                rs.getString("name_attr"), rs.getString("phone_attr"), rs.getString("groups_attr"), List.of(), List.of(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
