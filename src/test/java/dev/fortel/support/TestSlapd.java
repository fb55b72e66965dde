package dev.fortel.support;

import static dev.fortel.support.LoopbackProcesses.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A real OpenLDAP {@code slapd} (Debian packages {@code slapd ldap-utils}) for tests, so Fortel's LDAP client meets the
 * server it meets in production: StartTLS and LDAPS with a certificate from a throwaway CA, simple binds checked by the
 * server's own access rules. It listens on 127.0.0.1 only, with plain LDAP (for StartTLS) and LDAPS on two free ports,
 * and everything it needs or writes — {@code cn=config}, the data, the TLS files, its log {@code slapd.log} — stays
 * under the caller's directory; the system's {@code /etc/ldap/slapd.d} is never read. The directory is seeded with
 * {@code slapadd} before the daemon starts, so no write over the network is needed. Without the package a test is
 * skipped with the reason printed, except under CI, where it fails.
 *
 * <p>The directory's access rule is {@code to * by self read by users read by anonymous auth}: an anonymous client
 * may only bind, a bound user may read every entry (its own password too, and other users' as well). The server does
 * not insist on TLS: a simple bind over plain {@code ldap://} succeeds, so a test that wants to prove the client used
 * TLS must check that on the client side.
 */
public final class TestSlapd implements AutoCloseable {

    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path SLAPADD = Path.of("/usr/sbin/slapadd");
    private static final Duration START_DEADLINE = Duration.ofSeconds(10);
    private static final List<String> SCHEMAS = List.of("core", "cosine", "nis", "inetorgperson");

    private final Process process;
    private final int port;
    private final int ldapsPort;
    private final String rootDn;
    private final String suffix;
    private final Path caFile;
    private final String caPem;
    private final Path log;

    private TestSlapd(Process process, int port, int ldapsPort, String rootDn, String suffix, Path caFile, Path log)
            throws IOException {
        this.process = process;
        this.port = port;
        this.ldapsPort = ldapsPort;
        this.rootDn = rootDn;
        this.suffix = suffix;
        this.caFile = caFile;
        this.caPem = Files.readString(caFile, StandardCharsets.US_ASCII);
        this.log = log;
    }

    /**
     * Builds a directory under {@code dir} (which must be empty, e.g. a JUnit {@code @TempDir}) and starts
     * {@code slapd} on it, returning once both ports accept connections.
     *
     * @param suffix the naming context, e.g. {@code dc=example,dc=org}
     * @param rootDn the database's root DN, e.g. {@code cn=admin,dc=example,dc=org}; it needs no entry of its own
     * @param rootPassword the root DN's password, stored as {@code {SSHA}}
     * @param ldif the entries, in LDIF without {@code changetype}: the suffix entry itself first (e.g.
     *     {@code objectClass: dcObject} and {@code organization} with {@code dc} and {@code o}), every parent before
     *     its children, only object classes of the schemas core, cosine, nis and inetorgperson; a
     *     {@code userPassword} may be in clear text or {@code {SSHA}}. Blank for an empty database.
     */
    public static TestSlapd start(Path dir, String suffix, String rootDn, String rootPassword, String ldif) {
        requireSlapd();
        try {
            Path base = dir.toAbsolutePath();
            Path tls = Files.createDirectories(base.resolve("tls"));
            Path config = Files.createDirectories(base.resolve("slapd.d"));
            Path data = Files.createDirectories(base.resolve("data"));
            writeCertificates(tls);
            Path configLdif = base.resolve("config.ldif");
            Files.writeString(configLdif, configLdif(base, tls, data, suffix, rootDn, rootPassword), StandardCharsets.UTF_8);
            run(SLAPADD.toString(), "-n", "0", "-F", config.toString(), "-l", configLdif.toString());
            if (!ldif.isBlank()) {
                Path dataLdif = base.resolve("data.ldif");
                Files.writeString(dataLdif, ldif.endsWith("\n") ? ldif : ldif + "\n", StandardCharsets.UTF_8);
                run(SLAPADD.toString(), "-q", "-n", "1", "-F", config.toString(), "-l", dataLdif.toString());
            }
            Path log = base.resolve("slapd.log");
            // A port found free may be taken before slapd binds it; then slapd exits and another pair is tried.
            // Any -d keeps slapd in the foreground, so the Process is the daemon; "-d 0" would also silence its
            // errors (a failed bind, a bad config), "stats" prints them and one line per connection and operation.
            LoopbackProcesses.Listening slapd = LoopbackProcesses.startListening("slapd", 2, log, START_DEADLINE,
                    ports -> new ProcessBuilder(SLAPD.toString(), "-d", "stats", "-F", config.toString(), "-h",
                            "ldap://127.0.0.1:" + ports.get(0) + "/ ldaps://127.0.0.1:" + ports.get(1) + "/"));
            return new TestSlapd(slapd.process(), slapd.ports().get(0), slapd.ports().get(1), rootDn, suffix,
                    tls.resolve("ca.pem"), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting slapd", e);
        }
    }

    /** {@code ldap://127.0.0.1:PORT}, plain LDAP on which a client starts TLS with StartTLS. */
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** {@code ldaps://127.0.0.1:PORT}, TLS from the first byte. */
    public String ldapsUrl() {
        return "ldaps://127.0.0.1:" + ldapsPort;
    }

    public int port() {
        return port;
    }

    public int ldapsPort() {
        return ldapsPort;
    }

    /** The PEM text of the CA that issued the server's certificate (for {@code IP:127.0.0.1}), for a test to pin. */
    public String caPem() {
        return caPem;
    }

    /** The file holding {@link #caPem()}, e.g. for {@code LDAPTLS_CACERT}. */
    public Path caFile() {
        return caFile;
    }

    public String rootDn() {
        return rootDn;
    }

    public String suffix() {
        return suffix;
    }

    /** slapd's standard output and error. */
    public Path log() {
        return log;
    }

    /** Stops slapd (SIGTERM, then SIGKILL after 10 s) and waits until it has exited. */
    @Override
    public void close() {
        LoopbackProcesses.stop(process);
    }

    private static String configLdif(Path base, Path tls, Path data, String suffix, String rootDn, String rootPassword) {
        StringBuilder b = new StringBuilder();
        b.append("dn: cn=config\nobjectClass: olcGlobal\ncn: config\n")
                .append(attr("olcPidFile", base.resolve("slapd.pid").toString()))
                .append(attr("olcArgsFile", base.resolve("slapd.args").toString()))
                .append(attr("olcTLSCACertificateFile", tls.resolve("ca.pem").toString()))
                .append(attr("olcTLSCertificateFile", tls.resolve("server.pem").toString()))
                .append(attr("olcTLSCertificateKeyFile", tls.resolve("server.key").toString()))
                .append("olcTLSVerifyClient: never\n\n");
        b.append("dn: cn=module{0},cn=config\nobjectClass: olcModuleList\ncn: module{0}\n")
                .append("olcModulePath: /usr/lib/ldap\nolcModuleLoad: back_mdb\n\n");
        b.append("dn: cn=schema,cn=config\nobjectClass: olcSchemaConfig\ncn: schema\n\n");
        for (String schema : SCHEMAS) {
            b.append("include: file:///etc/ldap/schema/").append(schema).append(".ldif\n\n");
        }
        // The root DSE and the schema stay readable by anyone, as on a stock server; clients may look at them.
        b.append("dn: olcDatabase={-1}frontend,cn=config\nobjectClass: olcDatabaseConfig\n")
                .append("objectClass: olcFrontendConfig\nolcDatabase: {-1}frontend\n")
                .append("olcAccess: {0}to dn.base=\"\" by * read\n")
                .append("olcAccess: {1}to dn.base=\"cn=Subschema\" by * read\n\n");
        b.append("dn: olcDatabase={0}config,cn=config\nobjectClass: olcDatabaseConfig\nolcDatabase: {0}config\n")
                .append("olcAccess: {0}to * by * none\n\n");
        b.append("dn: olcDatabase={1}mdb,cn=config\nobjectClass: olcDatabaseConfig\nobjectClass: olcMdbConfig\n")
                .append("olcDatabase: {1}mdb\n")
                .append(attr("olcSuffix", suffix))
                .append(attr("olcRootDN", rootDn))
                .append(attr("olcRootPW", ssha(rootPassword)))
                .append(attr("olcDbDirectory", data.toString()))
                .append("olcDbIndex: objectClass eq\nolcDbIndex: uid,mail,cn eq\nolcDbIndex: member eq\n")
                .append("olcAccess: {0}to * by self read by users read by anonymous auth\n\n");
        return b.toString();
    }

    /** One LDIF line, base64 ({@code ::}) when the value is not a safe string by RFC 2849. */
    private static String attr(String name, String value) {
        boolean safe = !value.isEmpty() && value.charAt(0) != ' ' && value.charAt(0) != ':' && value.charAt(0) != '<'
                && !value.endsWith(" ") && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        return safe ? name + ": " + value + "\n"
                : name + ":: " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\n";
    }

    /** {@code {SSHA}} as slappasswd makes it: base64 of SHA-1(password, salt) followed by the salt. */
    private static String ssha(String password) {
        try {
            byte[] salt = new byte[8];
            new SecureRandom().nextBytes(salt);
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            sha1.update(salt);
            byte[] digest = sha1.digest();
            byte[] both = new byte[digest.length + salt.length];
            System.arraycopy(digest, 0, both, 0, digest.length);
            System.arraycopy(salt, 0, both, digest.length, salt.length);
            return "{SSHA}" + Base64.getEncoder().encodeToString(both);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A throwaway CA ({@code ca.pem}) and a certificate it issued for {@code IP:127.0.0.1}, all P-256 keys. */
    private static void writeCertificates(Path tls) throws IOException, InterruptedException {
        Path cnf = tls.resolve("openssl.cnf");
        Files.writeString(cnf, """
                [req]
                distinguished_name = dn
                prompt = no
                [dn]
                CN = Fortel test LDAP server
                [ca]
                basicConstraints = critical,CA:TRUE
                keyUsage = critical,keyCertSign,cRLSign
                subjectKeyIdentifier = hash
                [server]
                basicConstraints = critical,CA:FALSE
                keyUsage = critical,digitalSignature
                extendedKeyUsage = serverAuth
                subjectAltName = IP:127.0.0.1
                subjectKeyIdentifier = hash
                authorityKeyIdentifier = keyid
                """, StandardCharsets.US_ASCII);
        String c = cnf.toString();
        String caKey = tls.resolve("ca.key").toString();
        String caPem = tls.resolve("ca.pem").toString();
        String csr = tls.resolve("server.csr").toString();
        run("openssl", "req", "-x509", "-config", c, "-extensions", "ca", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", caKey, "-out", caPem, "-days", "2",
                "-subj", "/CN=Fortel test LDAP CA " + Long.toHexString(new SecureRandom().nextLong()));
        run("openssl", "req", "-new", "-config", c, "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", tls.resolve("server.key").toString(), "-out", csr, "-subj", "/CN=127.0.0.1");
        run("openssl", "x509", "-req", "-in", csr, "-CA", caPem, "-CAkey", caKey,
                "-set_serial", Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE), "-days", "2",
                "-extfile", c, "-extensions", "server", "-out", tls.resolve("server.pem").toString());
    }

    private static void requireSlapd() {
        LoopbackProcesses.requireInstalled(TestSlapd.class, Files.isExecutable(SLAPD) && Files.isExecutable(SLAPADD),
                "slapd is not installed (apt-get install slapd ldap-utils)");
    }
}
