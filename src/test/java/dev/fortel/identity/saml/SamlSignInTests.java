package dev.fortel.identity.saml;

import static org.assertj.core.api.Assertions.assertThat;

import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import dev.fortel.support.Fixtures;
import dev.fortel.support.FortelClient;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.ServerTestSupport;
import dev.fortel.support.TestCertificates;
import dev.fortel.support.TestSamlIdp;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * Single sign-on against a real identity provider, SimpleSAMLphp, on loopback: the IdP signs people in and posts its
 * signed response; Fortel lets them in only when the response is valid for the company. The tampered responses start
 * from a real one of the IdP, changed and (where the case needs it) signed again with the IdP's own key, so that only
 * the one thing under test is wrong.
 */
@FortelServerTest
class SamlSignInTests extends ServerTestSupport {

    static final String PASSWORD = "idp password 41c2";

    @TempDir
    Path dir;

    @Autowired
    JdbcClient jdbc;

    Fixtures.Company acme;
    String domain;
    String alice;
    String foreigner;
    TestSamlIdp idp;
    JsonNode sp;

    @BeforeEach
    void identityProvider() throws Exception {
        acme = fixtures.company("Saml");
        domain = "sso-" + UUID.randomUUID().toString().substring(0, 6) + ".test";
        alice = "alice@" + domain;
        foreigner = "bob-" + UUID.randomUUID().toString().substring(0, 6) + "@foreign.test";
        FortelClient.Response r = client.get(acme.ownerToken(), "/api/v1/sso/service-provider");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        sp = r.body();
        idp = TestSamlIdp.start(dir, new TestSamlIdp.Sp(sp.get("entity_id").asString(), sp.get("acs_url").asString(),
                sp.get("certificate_pem").asString()), List.of(
                        new TestSamlIdp.User("alice", PASSWORD, Map.of("mail", List.of(alice), "displayName", List.of("Alice Sokolova"),
                                "groups", List.of("staff", "pbx-admins"))),
                        new TestSamlIdp.User("mallory", PASSWORD, Map.of("mail", List.of("mallory@elsewhere.test"), "displayName",
                                List.of("Mallory"))),
                        new TestSamlIdp.User("bob", PASSWORD, Map.of("mail", List.of(foreigner))),
                        new TestSamlIdp.User("boss", PASSWORD, Map.of("mail", List.of(acme.ownerLogin())))));
    }

    @AfterEach
    void stop() {
        if (idp != null) {
            idp.close();
        }
    }

    FortelClient.Response connect(String extra) throws Exception {
        return client.put(acme.ownerToken(), "/api/v1/sso", """
                {"metadata_xml": %s, "domains": ["%s"], "jit": true, "email_attribute": "mail", "name_attribute": "displayName",
                 "groups_attribute": "groups", "group_roles": [{"group": "pbx-admins", "role": "admin"}]%s}"""
                .formatted(FortelClient.JSON.writeValueAsString(idp.metadataXml()), domain, extra));
    }

    /** A browser at the IdP: follows redirects and keeps the IdP's cookies; Fortel is reached through {@link #post}. */
    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Posts a SAMLResponse to the company's ACS as the browser would, without following the answer. */
    FortelClient.Response post(String responseXml) {
        return post(client, sp.get("acs_url").asString(), responseXml);
    }

    static FortelClient.Response post(FortelClient client, String acsUrl, String responseXml) {
        String encoded = Base64.getEncoder().encodeToString(responseXml.getBytes(StandardCharsets.UTF_8));
        return client.send(client.request(URI.create(acsUrl).getPath())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("SAMLResponse=" + URLEncoder.encode(encoded, StandardCharsets.UTF_8))));
    }

    String idpInitiated(String user) throws Exception {
        TestSamlIdp.Form form = idp.logIn(browser(), URI.create(idp.idpInitiatedUrl()), user, PASSWORD);
        assertThat(form.action().toString()).isEqualTo(sp.get("acs_url").asString());
        return form.samlResponseXml();
    }

    JsonNode journal(String type) {
        return client.get(acme.ownerToken(), "/api/v1/journal?type=" + type).body().get("items");
    }

    List<String> failureReasons() {
        return journal("auth.login.failed").findValuesAsString("reason");
    }

    @Test
    void spMetadataNamesTheEntityIdTheAcsAndTheSigningCertificate() {
        FortelClient.Response metadata = client.send(client.request(URI.create(sp.get("metadata_url").asString()).getPath()));
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.header("Content-Type")).startsWith("application/samlmetadata+xml");
        assertThat(metadata.raw()).contains("entityID=\"" + sp.get("entity_id").asString() + "\"")
                .contains("Location=\"" + sp.get("acs_url").asString() + "\"").contains("AuthnRequestsSigned=\"true\"")
                .contains(sp.get("certificate_pem").asString().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow());
        assertThat(metadata.raw()).as("valid for a year, not the library's two days")
                .contains("validUntil=\"" + Instant.now().plus(365, ChronoUnit.DAYS).toString().substring(0, 10));
        assertThat(client.send(client.request("/saml/" + UUID.randomUUID() + "/metadata")).status()).isEqualTo(404);
        assertThat(client.send(client.request("/saml/not-a-company/metadata")).status()).isEqualTo(404);
        String sealed = jdbc.sql("SELECT private_key FROM saml_sp_keys WHERE tenant_id = :t").param("t", acme.id()).query(String.class).single();
        assertThat(sealed).doesNotContain("PRIVATE KEY");
    }

    @Test
    void brokenSettingsAreRefusedFieldByFieldAndNothingIsStored() throws Exception {
        FortelClient.Response notXml = client.put(acme.ownerToken(), "/api/v1/sso", """
                {"metadata_xml": "<md:EntityDescriptor", "domains": ["not a domain"], "jit": true, "email_attribute": "has space",
                 "group_roles": [{"group": "x", "role": "no such role"}]}""");
        assertThat(notXml.status()).as(notXml.raw()).isEqualTo(422);
        assertThat(notXml.body().get("errors").findValuesAsString("field")).contains("metadata_xml", "domains[0]", "email_attribute",
                "groups_attribute", "group_roles[0].role");
        String spMetadata = client.send(client.request(URI.create(sp.get("metadata_url").asString()).getPath())).raw();
        FortelClient.Response wrongSide = client.put(acme.ownerToken(), "/api/v1/sso",
                "{\"metadata_xml\": " + FortelClient.JSON.writeValueAsString(spMetadata) + "}");
        assertThat(wrongSide.status()).isEqualTo(422);
        assertThat(wrongSide.raw()).contains("IDPSSODescriptor");
        FortelClient.Response plainHttp = client.put(acme.ownerToken(), "/api/v1/sso", "{\"metadata_url\": \"" + idp.metadataUrl() + "\"}");
        assertThat(plainHttp.status()).isEqualTo(422);
        assertThat(plainHttp.raw()).contains("metadata_url").contains("https://");
        FortelClient.Response unreachable = client.put(acme.ownerToken(), "/api/v1/sso", "{\"metadata_url\": \"https://127.0.0.1:1/metadata\"}");
        assertThat(unreachable.status()).isEqualTo(422);
        assertThat(unreachable.raw()).contains("could not be fetched");
        String xml = idp.metadataXml();
        String noCertificate = xml.replaceAll("(?s)<md:KeyDescriptor.*?</md:KeyDescriptor>", "");
        FortelClient.Response unsignedIdp = client.put(acme.ownerToken(), "/api/v1/sso",
                "{\"metadata_xml\": " + FortelClient.JSON.writeValueAsString(noCertificate) + "}");
        assertThat(unsignedIdp.status()).isEqualTo(422);
        assertThat(unsignedIdp.raw()).contains("signing certificate");
        assertThat(client.get(acme.ownerToken(), "/api/v1/sso").status()).isEqualTo(404);
        assertThat(journal("sso.settings.changed")).isEmpty();
    }

    @Test
    void metadataIsFetchedOverHttpsTrustingTheCompanysOwnCaAndTheHostNameIsChecked() throws Exception {
        Path store = dir.resolve("metadata.p12");
        char[] secret = "metadata store".toCharArray();
        X509Certificate cert = TestCertificates.writeKeyStore(store, secret, "metadata", "Corporate CA");
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(store)) {
            ks.load(in, secret);
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, secret);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        byte[] metadata = idp.metadataXml().getBytes(StandardCharsets.UTF_8);
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        server.createContext("/metadata", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, metadata.length);
            exchange.getResponseBody().write(metadata);
            exchange.close();
        });
        server.start();
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/metadata";
            String ca = FortelClient.JSON.writeValueAsString(TestCertificates.pem(cert));
            FortelClient.Response untrusted = client.put(acme.ownerToken(), "/api/v1/sso", "{\"metadata_url\": \"" + url + "\"}");
            assertThat(untrusted.status()).isEqualTo(422);
            assertThat(untrusted.raw()).contains("could not be fetched");
            FortelClient.Response wrongHost = client.put(acme.ownerToken(), "/api/v1/sso",
                    "{\"metadata_url\": \"" + url.replace("127.0.0.1", "localhost.localdomain") + "\", \"metadata_ca_pem\": " + ca + "}");
            assertThat(wrongHost.status()).isEqualTo(422);
            FortelClient.Response fetched = client.put(acme.ownerToken(), "/api/v1/sso",
                    "{\"metadata_url\": \"" + url + "\", \"metadata_ca_pem\": " + ca + ", \"domains\": [\"" + domain + "\"], \"jit\": true}");
            assertThat(fetched.status()).as(fetched.raw()).isEqualTo(200);
            assertThat(fetched.body().get("metadata_url").asString()).isEqualTo(url);
            assertThat(fetched.body().get("idp_entity_id").asString()).isEqualTo(idp.entityId());
        } finally {
            server.stop(0);
        }
        assertThat(post(idpInitiated("alice")).header("Location")).endsWith("/");
    }

    @Test
    void aDomainBelongsToOneCompanyOnly() throws Exception {
        assertThat(connect("").status()).isEqualTo(200);
        Fixtures.Company other = fixtures.company("Saml other");
        FortelClient.Response taken = client.put(other.ownerToken(), "/api/v1/sso", """
                {"metadata_xml": %s, "domains": ["%s"]}""".formatted(FortelClient.JSON.writeValueAsString(idp.metadataXml()), domain));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.body().get("errors").get(0).get("field").asString()).isEqualTo("domains[0]");
        assertThat(client.get(other.ownerToken(), "/api/v1/sso").status()).isEqualTo(404);
    }

    @Test
    void idpInitiatedSignInCreatesTheEmployeeWithMappedRolesAndJournalsIt() throws Exception {
        FortelClient.Response saved = connect("");
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        assertThat(saved.body().get("idp_entity_id").asString()).isEqualTo(idp.entityId());
        assertThat(saved.body().get("idp_certificates_sha256")).hasSize(1);
        assertThat(journal("sso.settings.changed").get(0).get("details").get("created").asBoolean()).isTrue();

        FortelClient.Response in = post(idpInitiated("alice"));
        assertThat(in.status()).as(in.raw()).isEqualTo(302);
        assertThat(in.header("Location")).endsWith("/");
        assertThat(in.header("Set-Cookie")).contains("FORTEL_SESSION");
        JsonNode employee = client.get(acme.ownerToken(), "/api/v1/employees?q=" + alice).body().get("items").get(0);
        assertThat(employee.get("login").asString()).isEqualTo(alice);
        assertThat(employee.get("display_name").asString()).isEqualTo("Alice Sokolova");
        assertThat(employee.get("roles").toString()).contains("admin");
        JsonNode succeeded = journal("auth.login.succeeded").get(0);
        assertThat(succeeded.get("details").get("method").asString()).isEqualTo("saml");
        assertThat(succeeded.get("actor").get("id").asString()).isEqualTo(employee.get("id").asString());
    }

    @Test
    void tamperedResponsesAreRefusedAndJournaledWithTheirReason() throws Exception {
        assertThat(connect("").status()).isEqualTo(200);
        PrivateKey idpKey = Util.loadPrivateKey(idp.privateKeyPem());
        X509Certificate idpCert = Util.loadCert(idp.certificatePem());
        String genuine = idpInitiated("alice");

        assertRefused(unsigned(genuine), "saml_unsigned");
        KeyPair other = rsa();
        assertRefused(sign(unsigned(genuine), other.getPrivate(), TestCertificates.selfSigned(other, "SHA256withRSA", "Not the IdP")), "saml_bad_signature");
        assertRefused(sign(edit(unsigned(genuine), d -> text(d, "Audience", "https://elsewhere.test/sp")), idpKey, idpCert), "saml_wrong_audience");
        String past = Instant.now().minus(2, ChronoUnit.HOURS).toString();
        assertRefused(sign(edit(unsigned(genuine), d -> {
            attribute(d, "Conditions", "NotOnOrAfter", past);
            attribute(d, "SubjectConfirmationData", "NotOnOrAfter", past);
        }), idpKey, idpCert), "saml_expired");
        assertRefused(wrapped(genuine, "mallory@" + domain), "saml_signature_wrapping");
        // XXE: a document type with an external entity is refused before anything in it is read.
        Path secret = dir.resolve("secret.txt");
        java.nio.file.Files.writeString(secret, "xxe-canary");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + genuine.replaceFirst("^<\\?xml[^>]*\\?>", "").replace(alice, "&x;");
        assertRefused(xxe, "saml_malformed");
        FortelClient.Response metadataXxe = client.put(acme.ownerToken(), "/api/v1/sso", "{\"metadata_xml\": "
                + FortelClient.JSON.writeValueAsString("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                        + idp.metadataXml().replaceFirst("^<\\?xml[^>]*\\?>", "").replace(idp.entityId() + "\"", "&x;\"")) + "}");
        assertThat(metadataXxe.status()).isEqualTo(422);
        assertThat(metadataXxe.raw()).doesNotContain("xxe-canary");
        assertThat(client.get(acme.ownerToken(), "/api/v1/employees?q=mallory").body().get("items")).isEmpty();

        FortelClient.Response first = post(genuine);
        assertThat(first.header("Location")).endsWith("/");
        assertRefused(genuine, "saml_replayed");

        // Valid responses that still sign nobody in: someone outside the company's domains, and another company's employee.
        assertRefused(idpInitiated("mallory"), "saml_domain_not_allowed");
        Fixtures.Company foreign = fixtures.company("Saml foreign");
        fixtures.employee(foreign.ownerToken(), foreigner, "Bob Foreign");
        assertRefused(idpInitiated("bob"), "saml_foreign_account");
        // Nor the owner: whoever controls the IdP settings must not become the owner, whose password is the break-glass way in.
        assertRefused(idpInitiated("boss"), "saml_protected_account");
    }

    void assertRefused(String xml, String reason) {
        FortelClient.Response r = post(xml);
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).as(reason).endsWith("/login?sso_failed");
        assertThat(r.header("Set-Cookie") == null || !r.header("Set-Cookie").contains("FORTEL_SESSION=") ||
                r.header("Set-Cookie").contains("Max-Age=0")).isTrue();
        JsonNode failed = journal("auth.login.failed").get(0);
        assertThat(failed.get("details").get("reason").asString()).as(failed.toString()).isEqualTo(reason);
        assertThat(failed.get("details").get("method").asString()).isEqualTo("saml");
    }

    // Tampering, with the library's own DOM helpers (its parser has DTDs off).

    interface Edit {
        void apply(Document d);
    }

    static String edit(String xml, Edit edit) {
        Document d = Util.loadXML(xml);
        edit.apply(d);
        return Util.convertDocumentToString(d);
    }

    static String unsigned(String xml) {
        return edit(xml, d -> {
            NodeList signatures = d.getElementsByTagNameNS(Constants.NS_DS, "Signature");
            for (int i = signatures.getLength() - 1; i >= 0; i--) {
                Node s = signatures.item(i);
                s.getParentNode().removeChild(s);
            }
        });
    }

    /** Signs the whole Response (the assertion stays unsigned), as an IdP that signs responses only would. */
    static String sign(String xml, PrivateKey key, X509Certificate cert) {
        try {
            return Util.addSign(Util.loadXML(xml), key, cert, Constants.RSA_SHA256, Constants.SHA256);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void text(Document d, String localName, String value) {
        d.getElementsByTagNameNS(Constants.NS_SAML, localName).item(0).setTextContent(value);
    }

    static void attribute(Document d, String localName, String name, String value) {
        NodeList nodes = d.getElementsByTagNameNS(Constants.NS_SAML, localName);
        for (int i = 0; i < nodes.getLength(); i++) {
            ((Element) nodes.item(i)).setAttribute(name, value);
        }
    }

    /**
     * Signature wrapping (XSW): the IdP's signed assertion is kept, untouched, inside an assertion of the attacker's,
     * which names someone else and carries no signature of its own. A checker that verifies "a signature" and then reads
     * "the assertion" would let the attacker in as that person.
     */
    static String wrapped(String xml, String victim) {
        return edit(xml, d -> {
            Element original = (Element) d.getElementsByTagNameNS(Constants.NS_SAML, "Assertion").item(0);
            Element evil = (Element) original.cloneNode(true);
            evil.setAttribute("ID", "_evil" + UUID.randomUUID().toString().replace("-", ""));
            NodeList sigs = evil.getElementsByTagNameNS(Constants.NS_DS, "Signature");
            for (int i = sigs.getLength() - 1; i >= 0; i--) {
                sigs.item(i).getParentNode().removeChild(sigs.item(i));
            }
            evil.getElementsByTagNameNS(Constants.NS_SAML, "NameID").item(0).setTextContent(victim);
            NodeList values = evil.getElementsByTagNameNS(Constants.NS_SAML, "AttributeValue");
            for (int i = 0; i < values.getLength(); i++) {
                if (values.item(i).getTextContent().contains("@")) {
                    values.item(i).setTextContent(victim);
                }
            }
            original.getParentNode().replaceChild(evil, original);
            Node subject = evil.getElementsByTagNameNS(Constants.NS_SAML, "Subject").item(0);
            subject.appendChild(original);
        });
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
