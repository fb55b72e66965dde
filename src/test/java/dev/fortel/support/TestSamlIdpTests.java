package dev.fortel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@link TestSamlIdp} is the IdP it says it is: SimpleSAMLphp serves metadata with its certificate, signs a user in
 * through its login form and posts a response whose Response and Assertion both carry a valid signature by that
 * certificate, with the NameID and attributes the class documents; it takes an AuthnRequest signed by the SP's key
 * and turns away one unsigned or signed by another key.
 */
class TestSamlIdpTests {

    private static final String SP_ENTITY_ID = "https://fortel.test/saml/metadata";
    private static final String ACS = "https://fortel.test/saml/acs";
    private static final String SAML_P = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String SAML_A = "urn:oasis:names:tc:SAML:2.0:assertion";
    private static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    private static final TestSamlIdp.User ANNA = new TestSamlIdp.User("anna", "anna's pass: 'quoted' \\ too", Map.of(
            "mail", List.of("anna@corp.test"),
            "givenName", List.of("Anna"),
            "sn", List.of("Øster"),
            "displayName", List.of("Anna Øster"),
            "telephoneNumber", List.of("+41 44 555 01 01"),
            "groups", List.of("staff", "fortel-admins")));

    private static KeyPair spKey;
    private static String spCertificatePem;

    @TempDir
    Path dir;

    @BeforeAll
    static void spCertificate() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(2048);
        spKey = kpg.generateKeyPair();
        X500Name name = new X500Name("CN=Fortel test SP");
        Instant now = Instant.now();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(2))), name, spKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(spKey.getPrivate())));
        spCertificatePem = TestCertificates.pem(cert);
    }

    @Test
    void servesMetadataWithItsEntityIdAndSigningCertificate() throws Exception {
        try (TestSamlIdp idp = start()) {
            String xml = idp.metadataXml();
            assertThat(idp.entityId()).isEqualTo("http://127.0.0.1:" + idp.port() + "/saml2/idp/metadata.php");
            assertThat(xml).contains("entityID=\"" + idp.entityId() + "\"")
                    .contains("<ds:X509Certificate>" + der(idp.certificatePem()) + "</ds:X509Certificate>")
                    .contains("WantAuthnRequestsSigned=\"true\"")
                    .contains("Location=\"" + idp.ssoUrl() + "\"")
                    .contains("<md:NameIDFormat>" + TestSamlIdp.NAME_ID_FORMAT + "</md:NameIDFormat>");
            // PKCS #8 PEM, as java-saml reads it to sign tampered responses again.
            assertThat(com.onelogin.saml2.util.Util.loadPrivateKey(idp.privateKeyPem()).getAlgorithm()).isEqualTo("RSA");
            assertThat(Files.readString(idp.log())).contains("GET /saml2/idp/metadata.php");
        }
    }

    @Test
    void idpInitiatedLoginPostsAResponseSignedTwiceWithTheUsersMailAndAttributes() throws Exception {
        try (TestSamlIdp idp = start(); HttpClient browser = browser()) {
            HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(idp.idpInitiatedUrl("/after")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.uri().getPath()).isEqualTo("/module.php/core/loginuserpass.php");
            assertThat(login.uri().getQuery()).startsWith("AuthState=");
            TestSamlIdp.Form form = TestSamlIdp.Form.of(login);
            // action="?": the page itself with an empty query, as a browser resolves it
            assertThat(form.action()).hasToString(idp.baseUrl() + "module.php/core/loginuserpass.php?");
            assertThat(form.fields()).containsOnlyKeys("username", "password", "AuthState");

            var fields = new LinkedHashMap<>(form.fields());
            fields.put("username", ANNA.login());
            fields.put("password", ANNA.password());
            HttpResponse<String> posted = browser.send(new TestSamlIdp.Form(form.action(), fields).request(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).isEqualTo(200);
            TestSamlIdp.Form toSp = TestSamlIdp.Form.of(posted);
            assertThat(toSp.action()).hasToString(ACS);
            assertThat(toSp.fields()).containsOnlyKeys("SAMLResponse", "RelayState").containsEntry("RelayState", "/after");

            String xml = toSp.samlResponseXml();
            assertThat(xml).contains("<ds:Signature").contains("anna@corp.test");
            Document doc = parse(xml);
            Element response = doc.getDocumentElement();
            assertThat(response.getLocalName()).isEqualTo("Response");
            assertThat(response.getAttribute("Destination")).isEqualTo(ACS);
            assertThat(response.hasAttribute("InResponseTo")).isFalse();
            Element assertion = only(response, SAML_A, "Assertion");
            assertThat(verifiedSignatureOf(response, idp)).isEqualTo(response.getAttribute("ID"));
            assertThat(verifiedSignatureOf(assertion, idp)).isEqualTo(assertion.getAttribute("ID"));
            assertThat(text(only(response, SAML_A, "Issuer"))).isEqualTo(idp.entityId());
            Element nameId = only(assertion, SAML_A, "NameID");
            assertThat(nameId.getAttribute("Format")).isEqualTo(TestSamlIdp.NAME_ID_FORMAT);
            assertThat(text(nameId)).isEqualTo("anna@corp.test");
            assertThat(text(only(assertion, SAML_A, "Audience"))).isEqualTo(SP_ENTITY_ID);
            assertThat(only(assertion, SAML_A, "SubjectConfirmationData").getAttribute("Recipient")).isEqualTo(ACS);
            NodeList attributes = assertion.getElementsByTagNameNS(SAML_A, "Attribute");
            Map<String, List<String>> seen = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                Element a = (Element) attributes.item(i);
                assertThat(a.getAttribute("NameFormat")).isEqualTo(TestSamlIdp.ATTRIBUTE_NAME_FORMAT);
                NodeList values = a.getElementsByTagNameNS(SAML_A, "AttributeValue");
                List<String> texts = new ArrayList<>();
                for (int j = 0; j < values.getLength(); j++) {
                    texts.add(text(values.item(j)));
                }
                seen.put(a.getAttribute("Name"), texts);
            }
            assertThat(seen).isEqualTo(ANNA.attributes());

            // The IdP's session is kept: the next login to the SP needs no password.
            TestSamlIdp.Form again = idp.logIn(browser, URI.create(idp.idpInitiatedUrl()), "unused", "unused");
            assertThat(again.samlResponseXml()).contains("anna@corp.test");
        }
    }

    @Test
    void aWrongPasswordShowsTheLoginFormAgain() throws Exception {
        try (TestSamlIdp idp = start(); HttpClient browser = browser()) {
            TestSamlIdp.Form form = TestSamlIdp.Form.of(browser.send(HttpRequest.newBuilder(URI.create(idp.idpInitiatedUrl()))
                    .build(), HttpResponse.BodyHandlers.ofString()));
            var fields = new LinkedHashMap<>(form.fields());
            fields.put("username", "anna");
            fields.put("password", "wrong");
            HttpResponse<String> again = browser.send(new TestSamlIdp.Form(form.action(), fields).request(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(TestSamlIdp.Form.of(again).fields()).containsKeys("username", "password", "AuthState")
                    .doesNotContainKey("SAMLResponse");
        }
    }

    @Test
    void takesAnAuthnRequestSignedByTheSpAndNoOtherOne() throws Exception {
        try (TestSamlIdp idp = start(); HttpClient browser = browser()) {
            String id = "_" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);
            URI signed = redirect(idp, authnRequest(idp, id), "rs-42", spKey.getPrivate());
            TestSamlIdp.Form toSp = idp.logIn(browser, signed, ANNA.login(), ANNA.password());
            assertThat(toSp.action()).hasToString(ACS);
            assertThat(toSp.fields()).containsEntry("RelayState", "rs-42");
            Element response = parse(toSp.samlResponseXml()).getDocumentElement();
            assertThat(response.getAttribute("InResponseTo")).isEqualTo(id);
            assertThat(verifiedSignatureOf(response, idp)).isEqualTo(response.getAttribute("ID"));

            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048);
            URI unsigned = redirect(idp, authnRequest(idp, id + "b"), "rs", null);
            URI otherKey = redirect(idp, authnRequest(idp, id + "c"), "rs", kpg.generateKeyPair().getPrivate());
            Map<URI, String> refusals = Map.of(
                    unsigned, "Validation of received messages enabled, but no signature found on message.",
                    otherKey, "Unable to validate signature on query string.");
            for (Map.Entry<URI, String> refused : refusals.entrySet()) {
                HttpResponse<String> page = browser.send(HttpRequest.newBuilder(refused.getKey()).build(),
                        HttpResponse.BodyHandlers.ofString());
                // SimpleSAMLphp's error page answers 200; it shows the exception because showerrors is on.
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains(refused.getValue()).doesNotContain("SAMLResponse");
            }
            assertThat(Files.readString(idp.log())).contains(refusals.get(unsigned)).contains(refusals.get(otherKey));
        }
    }

    private TestSamlIdp start() {
        return TestSamlIdp.start(dir, new TestSamlIdp.Sp(SP_ENTITY_ID, ACS, spCertificatePem), List.of(ANNA,
                new TestSamlIdp.User("boris", "boris pass", Map.of("mail", List.of("boris@corp.test")))));
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static String authnRequest(TestSamlIdp idp, String id) {
        return "<samlp:AuthnRequest xmlns:samlp=\"" + SAML_P + "\" xmlns:saml=\"" + SAML_A + "\" ID=\"" + id
                + "\" Version=\"2.0\" IssueInstant=\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + "\" Destination=\"" + idp.ssoUrl() + "\" AssertionConsumerServiceURL=\"" + ACS
                + "\" ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"><saml:Issuer>" + SP_ENTITY_ID
                + "</saml:Issuer><samlp:NameIDPolicy Format=\"" + TestSamlIdp.NAME_ID_FORMAT
                + "\" AllowCreate=\"true\"/></samlp:AuthnRequest>";
    }

    /** The HTTP-Redirect binding: DEFLATE, base64, and the query signed as SAML 2.0 bindings 3.4.4.1 says; unsigned when key is null. */
    private static URI redirect(TestSamlIdp idp, String xml, String relayState, PrivateKey key) throws Exception {
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        byte[] buffer = new byte[8192];
        int length = deflater.deflate(buffer);
        deflater.end();
        String query = "SAMLRequest=" + enc(Base64.getEncoder().encodeToString(Arrays.copyOf(buffer, length)))
                + "&RelayState=" + enc(relayState);
        if (key != null) {
            query += "&SigAlg=" + enc(RSA_SHA256);
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(query.getBytes(StandardCharsets.UTF_8));
            query += "&Signature=" + enc(Base64.getEncoder().encodeToString(rsa.sign()));
        }
        return URI.create(idp.ssoUrl() + "?" + query);
    }

    /** Validates the enveloped signature that is a child of {@code signed} with the IdP's certificate; returns the ID it covers. */
    private static String verifiedSignatureOf(Element signed, TestSamlIdp idp) throws Exception {
        Element signature = only(signed, XMLSignature.XMLNS, "Signature");
        assertThat(signature.getParentNode()).isSameAs(signed);
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(idp.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        DOMValidateContext context = new DOMValidateContext(cert.getPublicKey(), signature);
        XMLSignature xmlSignature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
        assertThat(xmlSignature.validate(context)).as("signature of " + signed.getLocalName()).isTrue();
        assertThat(xmlSignature.getSignedInfo().getSignatureMethod().getAlgorithm()).isEqualTo(RSA_SHA256);
        List<?> references = xmlSignature.getSignedInfo().getReferences();
        assertThat(references).hasSize(1);
        return ((Reference) references.get(0)).getURI().substring(1);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("ID")) {
                e.setIdAttribute("ID", true);
            }
        }
        return doc;
    }

    /** The one descendant of {@code parent} with that name, directly below it or not. */
    private static Element only(Element parent, String namespace, String localName) {
        NodeList list = parent.getElementsByTagNameNS(namespace, localName);
        List<Element> direct = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i).getParentNode() == parent) {
                direct.add((Element) list.item(i));
            }
        }
        if (direct.size() == 1) {
            return direct.get(0);
        }
        assertThat(list.getLength()).as(localName + " in " + parent.getLocalName()).isEqualTo(1);
        return (Element) list.item(0);
    }

    private static String text(Node node) {
        return node.getTextContent().trim();
    }

    private static String der(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
