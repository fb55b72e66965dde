package dev.fortel.support;

import static dev.fortel.support.LoopbackProcesses.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real SAML 2.0 identity provider for tests, SimpleSAMLphp 1.19 (Debian package {@code simplesamlphp}, with
 * {@code php-cli php-xml php-mbstring}), so Fortel's service provider meets an IdP that signs, checks and formats the
 * way one in production does, not a response the test put together itself. It runs under PHP's built-in web server
 * on a free port of 127.0.0.1, over plain HTTP, and everything it needs or writes — {@code config/} (named by
 * {@code SIMPLESAMLPHP_CONFIG_DIR}, with {@code metadata/}), a fresh RSA-2048 key and self-signed certificate in
 * {@code cert/}, PHP's sessions, its log {@code php.log} — stays under the caller's directory; the system's
 * {@code /etc/simplesamlphp} is never read. Without the packages a test is skipped with the reason printed, except
 * under CI, where it fails.
 *
 * <p>It knows one service provider and the users it is given ({@code exampleauth:UserPass}: a login form, no other
 * factor). Its entity id is its metadata URL; it signs both the {@code samlp:Response} and the {@code saml:Assertion}
 * in it (RSA-SHA256, exclusive C14N, the certificate in {@code KeyInfo}), does not encrypt, and sends the NameID in
 * format {@code emailAddress} with the user's first {@code mail} value (a user without {@code mail} gets a transient
 * NameID and an error in the log). Every attribute of the user goes out under its own name with NameFormat
 * {@code urn:oasis:names:tc:SAML:2.0:attrname-format:basic} ({@link #ATTRIBUTE_NAME_FORMAT}), one
 * {@code AttributeValue xsi:type="xs:string"} per value. When the SP has a certificate, the IdP only accepts an
 * AuthnRequest signed by it (for HTTP-Redirect: {@code SigAlg} and {@code Signature} on the query) and its metadata
 * says {@code WantAuthnRequestsSigned="true"}. The assertion is valid for 5 minutes, the IdP's session for 8 hours.
 *
 * <p>The login, as a browser sees it: the SSO URL (SP-initiated, or {@link #idpInitiatedUrl()}) answers 302 to
 * {@code /module.php/core/loginuserpass.php?AuthState=...}, a form posting {@code username}, {@code password} and the
 * hidden {@code AuthState} back to that page (action {@code "?"}); the right password answers 200 with a form that a
 * script posts at once to the SP's ACS URL with hidden {@code SAMLResponse} (base64 of the XML) and, when there is
 * one, {@code RelayState}. A wrong one shows the login form again. {@link #logIn} does all of that. A browser that
 * already has the IdP's session cookie gets the SAMLResponse form straight from the SSO URL. Cookies of 127.0.0.1 are
 * shared by every port, and PHP's session cookie here is named {@code SimpleSAML}.
 *
 * <p>PHP's built-in server answers one request at a time, and its log has one line per request with SimpleSAMLphp's
 * own lines (level debug, with each SAML message received and sent) in between.
 */
public final class TestSamlIdp implements AutoCloseable {

    /** The NameFormat of every attribute in the assertion. */
    public static final String ATTRIBUTE_NAME_FORMAT = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic";

    /** The format of the assertion's NameID, whose value is the user's {@code mail}. */
    public static final String NAME_ID_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

    private static final Path PHP = Path.of("/usr/bin/php");
    private static final Path SIMPLESAMLPHP_WWW = Path.of("/usr/share/simplesamlphp/www");
    private static final Duration START_DEADLINE = Duration.ofSeconds(10);
    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);");

    private final Process process;
    private final int port;
    private final Sp sp;
    private final String certificatePem;
    private final String privateKeyPem;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * The service provider the IdP knows.
     *
     * @param entityId its entity id, the {@code Issuer} of its AuthnRequests and the assertion's audience
     * @param acsUrl its AssertionConsumerService (HTTP-POST binding): where the response goes, and the only URL an
     *     AuthnRequest's {@code AssertionConsumerServiceURL} may name
     * @param certificatePem its signing certificate in PEM; {@code null} to accept AuthnRequests without a signature
     */
    public record Sp(String entityId, String acsUrl, String certificatePem) {}

    /**
     * A user who can sign in.
     *
     * @param login what goes into the form's {@code username}; no {@code :}
     * @param attributes what the assertion says about the user, e.g. {@code mail}, {@code givenName}, {@code sn},
     *     {@code displayName}, {@code telephoneNumber}, {@code groups}: each name with its values, in order
     */
    public record User(String login, String password, Map<String, List<String>> attributes) {
        public User {
            if (login.isEmpty() || login.contains(":")) {
                throw new IllegalArgumentException("SimpleSAMLphp's exampleauth:UserPass takes no ':' in a login: " + login);
            }
            LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
            attributes.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            attributes = Collections.unmodifiableMap(copy);
        }
    }

    /**
     * An HTML form of the IdP's pages, as a browser would submit it: the login form, or the one that carries the
     * SAMLResponse to the SP.
     *
     * @param fields every named {@code input} with its value, in page order
     */
    public record Form(URI action, Map<String, String> fields) {

        /** The form's POST as a browser sends it, {@code application/x-www-form-urlencoded}. */
        public HttpRequest request() {
            String body = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return HttpRequest.newBuilder(action)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
        }

        /** The {@code SAMLResponse} field decoded: the response's XML. */
        public String samlResponseXml() {
            String value = fields.get("SAMLResponse");
            if (value == null) {
                throw new AssertionError("no SAMLResponse in the form to " + action + ": " + fields.keySet());
            }
            return new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8);
        }

        /** The first form of an IdP page (the one every page of the login has). */
        public static Form of(HttpResponse<String> page) {
            Matcher form = FORM.matcher(page.body());
            if (!form.find()) {
                throw new AssertionError("no form on " + page.uri() + " (status " + page.statusCode() + "):\n" + page.body());
            }
            String action = attribute(form.group(1), "action");
            URI base = page.uri();
            URI target;
            if (action == null || action.isEmpty()) {
                target = base;
            } else if (action.startsWith("?")) {
                // URI.resolve follows RFC 2396 here and drops the page's file name; browsers keep it (RFC 3986).
                target = URI.create(base.getScheme() + "://" + base.getRawAuthority() + base.getRawPath() + action);
            } else {
                target = base.resolve(action);
            }
            LinkedHashMap<String, String> fields = new LinkedHashMap<>();
            Matcher input = INPUT.matcher(form.group(2));
            while (input.find()) {
                String name = attribute(input.group(1), "name");
                if (name != null) {
                    String value = attribute(input.group(1), "value");
                    fields.put(name, value == null ? "" : value);
                }
            }
            return new Form(target, Collections.unmodifiableMap(fields));
        }
    }

    private TestSamlIdp(Process process, int port, Sp sp, Path cert, Path log) throws IOException {
        this.process = process;
        this.port = port;
        this.sp = sp;
        this.certificatePem = Files.readString(cert.resolve("idp.crt"), StandardCharsets.US_ASCII);
        this.privateKeyPem = Files.readString(cert.resolve("idp.key"), StandardCharsets.US_ASCII);
        this.log = log;
    }

    /**
     * Configures SimpleSAMLphp under {@code dir} (which must be empty, e.g. a JUnit {@code @TempDir}) and starts it,
     * returning once it serves its metadata.
     */
    public static TestSamlIdp start(Path dir, Sp sp, List<User> users) {
        requireSimpleSamlPhp();
        try {
            Path base = dir.toAbsolutePath();
            Path config = Files.createDirectories(base.resolve("config"));
            Path metadata = Files.createDirectories(config.resolve("metadata"));
            Path cert = Files.createDirectories(base.resolve("cert"));
            Path sessions = Files.createDirectories(base.resolve("sessions"));
            Path temp = Files.createDirectories(base.resolve("tmp"));
            writeCertificate(cert);
            Files.writeString(config.resolve("authsources.php"), authsources(users), StandardCharsets.UTF_8);
            Files.writeString(metadata.resolve("saml20-idp-hosted.php"), idpHosted(sp), StandardCharsets.UTF_8);
            Files.writeString(metadata.resolve("saml20-sp-remote.php"), spRemote(sp), StandardCharsets.UTF_8);
            Path log = base.resolve("php.log");
            // baseurlpath is a full URL, so the URLs SimpleSAMLphp writes (entity id, Destination, form actions) name
            // the port the server got; config.php is written again for each port tried.
            LoopbackProcesses.Listening php = LoopbackProcesses.startListening("php -S (SimpleSAMLphp)", 1, log,
                    START_DEADLINE, ports -> {
                        Files.writeString(config.resolve("config.php"),
                                config(ports.get(0), base, cert, metadata, sessions, temp), StandardCharsets.UTF_8);
                        ProcessBuilder b = new ProcessBuilder(PHP.toString(), "-d", "display_errors=0", "-d",
                                "log_errors=1", "-S", "127.0.0.1:" + ports.get(0), "-t", SIMPLESAMLPHP_WWW.toString())
                                .directory(base.toFile());
                        b.environment().put("SIMPLESAMLPHP_CONFIG_DIR", config.toString());
                        return b;
                    });
            TestSamlIdp idp = new TestSamlIdp(php.process(), php.ports().get(0), sp, cert, log);
            try {
                String xml = idp.metadataXml();
                if (!xml.contains("entityID=\"" + idp.entityId() + "\"")) {
                    throw new AssertionError("the metadata does not name " + idp.entityId() + ":\n" + xml);
                }
            } catch (IOException | AssertionError e) {
                idp.close();
                throw new AssertionError("SimpleSAMLphp did not serve its metadata (" + e.getMessage() + "); its log:\n"
                        + Files.readString(log, StandardCharsets.UTF_8), e);
            }
            return idp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting SimpleSAMLphp", e);
        }
    }

    /** {@code http://127.0.0.1:PORT/}, what every URL of the IdP starts with. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    /** The IdP's entity id, the {@code Issuer} of its responses and assertions: its metadata URL. */
    public String entityId() {
        return metadataUrl();
    }

    /** {@code http://127.0.0.1:PORT/saml2/idp/metadata.php}, the IdP's metadata (signing certificate, SSO URL). */
    public String metadataUrl() {
        return baseUrl() + "saml2/idp/metadata.php";
    }

    /** The IdP's metadata XML ({@code md:EntityDescriptor}), fetched from {@link #metadataUrl()}. */
    public String metadataXml() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(metadataUrl())).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException(metadataUrl() + " answered " + r.statusCode() + ":\n" + r.body());
        }
        return r.body();
    }

    /** {@code http://127.0.0.1:PORT/saml2/idp/SSOService.php}, where AuthnRequests go (HTTP-Redirect binding). */
    public String ssoUrl() {
        return baseUrl() + "saml2/idp/SSOService.php";
    }

    /** {@code http://127.0.0.1:PORT/saml2/idp/SingleLogoutService.php} (HTTP-Redirect binding). */
    public String sloUrl() {
        return baseUrl() + "saml2/idp/SingleLogoutService.php";
    }

    /** Where a browser starts an IdP-initiated login to the SP: its response has no {@code InResponseTo}. */
    public String idpInitiatedUrl() {
        return ssoUrl() + "?spentityid=" + URLEncoder.encode(sp.entityId(), StandardCharsets.UTF_8);
    }

    /** {@link #idpInitiatedUrl()} with a RelayState, which the IdP posts back to the SP beside the response. */
    public String idpInitiatedUrl(String relayState) {
        return idpInitiatedUrl() + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8);
    }

    /** The IdP's signing certificate (RSA-2048, self-signed, valid two days) in PEM, as its metadata has it. */
    public String certificatePem() {
        return certificatePem;
    }

    /** The IdP's private key in PEM (PKCS #8, {@code BEGIN PRIVATE KEY}), for a test to sign what it tampered with. */
    public String privateKeyPem() {
        return privateKeyPem;
    }

    /** PHP's built-in server's output with SimpleSAMLphp's log in it. */
    public Path log() {
        return log;
    }

    /**
     * Signs {@code login} in as a browser would, from {@code start} (the IdP-initiated URL, or the IdP URL with an
     * AuthnRequest that the SP redirected to) to the form that would be posted to the SP, which it returns unsent.
     *
     * @param browser a client that follows redirects ({@link HttpClient.Redirect#NORMAL}) and keeps cookies (a
     *     {@link java.net.CookieManager})
     */
    public Form logIn(HttpClient browser, URI start, String login, String password) throws IOException, InterruptedException {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(start).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Form form = Form.of(page);
        if (form.fields().containsKey("SAMLResponse")) {
            return form;
        }
        if (!form.fields().containsKey("AuthState")) {
            throw new AssertionError("expected SimpleSAMLphp's login form at " + page.uri() + ", got:\n" + page.body());
        }
        LinkedHashMap<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.put("username", login);
        fields.put("password", password);
        HttpResponse<String> answer = browser.send(new Form(form.action(), fields).request(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Form posted = Form.of(answer);
        if (!posted.fields().containsKey("SAMLResponse")) {
            throw new AssertionError("SimpleSAMLphp did not sign " + login + " in (wrong password?), it answered "
                    + answer.statusCode() + " from " + answer.uri() + ":\n" + answer.body());
        }
        return posted;
    }

    /** Stops PHP's server (SIGTERM, then SIGKILL after 10 s) and waits until it has exited. */
    @Override
    public void close() {
        http.close();
        LoopbackProcesses.stop(process);
    }

    private static String config(int port, Path base, Path cert, Path metadata, Path sessions, Path temp) {
        return "<?php\n$config = [\n"
                + "    'baseurlpath' => " + php("http://127.0.0.1:" + port + "/") + ",\n"
                + "    'certdir' => " + php(cert + "/") + ",\n"
                + "    'loggingdir' => " + php(base + "/") + ",\n"
                + "    'datadir' => " + php(base + "/") + ",\n"
                + "    'tempdir' => " + php(temp.toString()) + ",\n"
                + "    'metadatadir' => " + php(metadata + "/") + ",\n"
                + "    'metadata.sources' => [['type' => 'flatfile', 'directory' => " + php(metadata + "/") + "]],\n"
                + "    'secretsalt' => " + php(randomHex()) + ",\n"
                + "    'auth.adminpassword' => " + php(randomHex()) + ",\n"
                + "    'technicalcontact_name' => 'Fortel tests',\n"
                + "    'technicalcontact_email' => 'saml-idp@example.org',\n"
                + "    'timezone' => 'UTC',\n"
                + "    'enable.saml20-idp' => true,\n"
                // exampleauth ships disabled: it holds passwords in the configuration, which is all a test wants.
                + "    'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true],\n"
                + "    'store.type' => 'phpsession',\n"
                + "    'session.phpsession.cookiename' => 'SimpleSAML',\n"
                + "    'session.phpsession.savepath' => " + php(sessions.toString()) + ",\n"
                + "    'session.cookie.secure' => false,\n"
                + "    'session.cookie.samesite' => null,\n"
                + "    'language.cookie.secure' => false,\n"
                + "    'admin.checkforupdates' => false,\n"
                + "    'production' => true,\n"
                + "    'showerrors' => true,\n"
                + "    'errorreporting' => false,\n"
                // errorlog is PHP's error_log(), which the built-in server writes to its own output; that handler does
                // not expand %date, so the format leaves it out (the server stamps each line).
                + "    'logging.handler' => 'errorlog',\n"
                + "    'logging.level' => SimpleSAML\\Logger::DEBUG,\n"
                + "    'logging.format' => '%level %stat [%trackid] %msg',\n"
                + "    'debug' => ['saml' => true, 'backtraces' => true, 'validatexml' => false],\n"
                + "];\n";
    }

    private static String authsources(List<User> users) {
        StringBuilder b = new StringBuilder("<?php\n$config = [\n    'users' => [\n        'exampleauth:UserPass',\n");
        for (User u : users) {
            b.append("        ").append(php(u.login() + ":" + u.password())).append(" => [");
            b.append(u.attributes().entrySet().stream()
                    .map(e -> php(e.getKey()) + " => [" + e.getValue().stream().map(TestSamlIdp::php)
                            .collect(Collectors.joining(", ")) + "]")
                    .collect(Collectors.joining(", ")));
            b.append("],\n");
        }
        return b.append("    ],\n];\n").toString();
    }

    private static String idpHosted(Sp sp) {
        // __DYNAMIC:1__ makes the entity id the metadata URL. The NameID comes from the 'mail' attribute whatever
        // format the AuthnRequest's NameIDPolicy asks for: SimpleSAMLphp falls back to the SP's NameIDFormat.
        return "<?php\n$metadata['__DYNAMIC:1__'] = [\n"
                + "    'host' => '__DEFAULT__',\n"
                + "    'privatekey' => 'idp.key',\n"
                + "    'certificate' => 'idp.crt',\n"
                + "    'auth' => 'users',\n"
                + "    'NameIDFormat' => " + php(NAME_ID_FORMAT) + ",\n"
                + "    'simplesaml.nameidattribute' => 'mail',\n"
                + "    'attributes.NameFormat' => " + php(ATTRIBUTE_NAME_FORMAT) + ",\n"
                + "    'saml20.sign.response' => true,\n"
                + "    'saml20.sign.assertion' => true,\n"
                + "    'validate.authnrequest' => " + (sp.certificatePem() != null) + ",\n"
                + "];\n";
    }

    private static String spRemote(Sp sp) {
        StringBuilder b = new StringBuilder("<?php\n$metadata[").append(php(sp.entityId())).append("] = [\n")
                .append("    'AssertionConsumerService' => ").append(php(sp.acsUrl())).append(",\n")
                .append("    'NameIDFormat' => ").append(php(NAME_ID_FORMAT)).append(",\n")
                .append("    'simplesaml.nameidattribute' => 'mail',\n")
                .append("    'validate.authnrequest' => ").append(sp.certificatePem() != null).append(",\n");
        if (sp.certificatePem() != null) {
            String der = sp.certificatePem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            b.append("    'certData' => ").append(php(der)).append(",\n");
        }
        return b.append("];\n").toString();
    }

    /** A fresh RSA-2048 key ({@code idp.key}) and a self-signed certificate for it ({@code idp.crt}), two days. */
    private static void writeCertificate(Path cert) throws IOException, InterruptedException {
        Path cnf = cert.resolve("openssl.cnf");
        Files.writeString(cnf, """
                [req]
                distinguished_name = dn
                prompt = no
                x509_extensions = idp
                [dn]
                CN = Fortel test SAML IdP
                [idp]
                basicConstraints = critical,CA:FALSE
                keyUsage = critical,digitalSignature
                subjectKeyIdentifier = hash
                """, StandardCharsets.US_ASCII);
        run("openssl", "req", "-x509", "-config", cnf.toString(), "-newkey", "rsa:2048", "-nodes",
                "-keyout", cert.resolve("idp.key").toString(), "-out", cert.resolve("idp.crt").toString(), "-days", "2",
                "-subj", "/CN=Fortel test SAML IdP " + randomHex().substring(0, 16));
    }

    /** A PHP single-quoted string literal. */
    private static String php(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String randomHex() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** An attribute's value in an HTML tag's attribute text, entities decoded; null when absent. */
    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile("(?<![\\w-])" + name + "\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE)
                .matcher(tag);
        if (!m.find()) {
            return null;
        }
        return unescape(m.group(1) != null ? m.group(1) : m.group(2));
    }

    private static String unescape(String html) {
        return ENTITY.matcher(html).replaceAll(m -> {
            String e = m.group(1);
            String c = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> Character.toString(e.charAt(1) == 'x' || e.charAt(1) == 'X'
                        ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1)));
            };
            return Matcher.quoteReplacement(c);
        });
    }

    private static void requireSimpleSamlPhp() {
        String hint = "(apt-get install simplesamlphp php-cli php-xml php-mbstring)";
        LoopbackProcesses.requireInstalled(TestSamlIdp.class,
                Files.isExecutable(PHP) && Files.isRegularFile(SIMPLESAMLPHP_WWW.resolve("saml2/idp/SSOService.php")),
                "PHP or SimpleSAMLphp is not installed " + hint);
        String missing;
        try {
            Process p = new ProcessBuilder(PHP.toString(), "-r",
                    "foreach (['dom', 'mbstring', 'openssl', 'session'] as $e) { if (!extension_loaded($e)) echo $e, ' '; }")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            missing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        LoopbackProcesses.requireInstalled(TestSamlIdp.class, missing.isEmpty(),
                "PHP lacks the extensions " + missing + " that SimpleSAMLphp needs " + hint);
    }
}
