package dev.fortel.support;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Assumptions;

/**
 * A real syslog receiver for tests: Debian's rsyslog, started as its own process ({@code rsyslogd -n -f CONFIG -i
 * PIDFILE}) on a free loopback port with {@code imtcp} (plain, or TLS through the gnutls stream driver with a test
 * authority's certificate for 127.0.0.1) or {@code imudp}, writing each message as received ({@code %rawmsg%}) to a
 * file the test reads. {@code .ci/run} installs {@code rsyslog rsyslog-gnutls}; elsewhere the test is skipped with
 * the reason when rsyslogd is missing.
 */
public final class TestSyslogReceiver implements AutoCloseable {

    public enum Mode { TCP, TLS, UDP }

    /** A certificate and its key, in PEM. */
    public record Pem(String certificate, String privateKey, X509Certificate parsed) {}

    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final Path dir;
    private final Mode mode;
    private final int port;
    private final Path output;
    private final Pem authority;
    private final Pem server;
    private final String authMode;
    private Process process;

    private TestSyslogReceiver(Path dir, Mode mode, String authMode) throws IOException, GeneralSecurityException {
        this.dir = dir;
        this.mode = mode;
        this.authMode = authMode;
        this.port = freePort();
        this.output = dir.resolve("received.log");
        this.authority = issue("CN=Fortel test syslog CA", null, true);
        this.server = issue("CN=127.0.0.1", authority, false);
    }

    /** Skips the calling test when rsyslog is not installed, unless on CI, where it must be. */
    public static void assumeInstalled() {
        boolean present = Files.isExecutable(Path.of("/usr/sbin/rsyslogd"));
        Assumptions.assumeTrue(present || System.getenv("CI") != null, "rsyslogd is not installed (apt-get install rsyslog rsyslog-gnutls)");
    }

    public static TestSyslogReceiver start(Path dir, Mode mode) throws IOException, GeneralSecurityException, InterruptedException {
        return start(dir, mode, "anon");
    }

    /** @param authMode rsyslog's StreamDriver.AuthMode for TLS: {@code anon}, or {@code x509/certvalid} to require a client certificate */
    public static TestSyslogReceiver start(Path dir, Mode mode, String authMode) throws IOException, GeneralSecurityException, InterruptedException {
        TestSyslogReceiver r = new TestSyslogReceiver(dir, mode, authMode);
        r.writeFiles();
        r.launch();
        return r;
    }

    public int port() {
        return port;
    }

    public Pem authority() {
        return authority;
    }

    public Pem server() {
        return server;
    }

    /** A client certificate issued by the receiver's authority (for mutual TLS). */
    public Pem issueClient(String commonName) throws GeneralSecurityException, IOException {
        return issue("CN=" + commonName, authority, false);
    }

    /** Every message received so far, one per line, as sent (without framing). */
    public List<String> messages() throws IOException {
        if (!Files.exists(output)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    /** Waits until {@code count} messages have arrived or the time is up; returns what arrived. */
    public List<String> await(int count, Duration within) throws IOException, InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        List<String> m = messages();
        while (m.size() < count && System.nanoTime() < end) {
            Thread.sleep(100);
            m = messages();
        }
        return m;
    }

    /** Stops the receiver as an administrator would (SIGTERM: it writes what it has and exits). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts it again on the same port, appending to the same file. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeFiles() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ca.pem"), authority.certificate());
        Files.writeString(dir.resolve("server.pem"), server.certificate());
        Files.writeString(dir.resolve("server.key"), server.privateKey());
        String input = switch (mode) {
            case UDP -> "module(load=\"imudp\")\ninput(type=\"imudp\" port=\"" + port + "\" address=\"127.0.0.1\")\n";
            case TCP -> "module(load=\"imtcp\" MaxSessions=\"50\")\ninput(type=\"imtcp\" port=\"" + port + "\" address=\"127.0.0.1\")\n";
            case TLS -> "module(load=\"imtcp\" MaxSessions=\"50\" StreamDriver.Name=\"gtls\" StreamDriver.Mode=\"1\" StreamDriver.AuthMode=\""
                    + authMode + "\")\ninput(type=\"imtcp\" port=\"" + port + "\" address=\"127.0.0.1\")\n";
        };
        String config = "global(workDirectory=\"" + dir + "\" maxMessageSize=\"256k\" DefaultNetstreamDriverCAFile=\"" + dir.resolve("ca.pem")
                + "\" DefaultNetstreamDriverCertFile=\"" + dir.resolve("server.pem") + "\" DefaultNetstreamDriverKeyFile=\""
                + dir.resolve("server.key") + "\")\n" + input
                + "template(name=\"asReceived\" type=\"string\" string=\"%rawmsg%\\n\")\n"
                + "action(type=\"omfile\" file=\"" + output + "\" template=\"asReceived\" flushOnTXEnd=\"on\" asyncWriting=\"off\")\n";
        Files.writeString(dir.resolve("rsyslog.conf"), config);
    }

    private void launch() throws IOException, InterruptedException {
        Files.deleteIfExists(dir.resolve("rsyslogd.pid"));
        process = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(), "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.out").toFile())).start();
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("rsyslogd exited with " + process.exitValue() + ": " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            if (mode == Mode.UDP ? Files.exists(dir.resolve("rsyslogd.pid")) : listening()) {
                if (mode == Mode.UDP) {
                    Thread.sleep(300);
                }
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("rsyslogd did not start listening on 127.0.0.1:" + port + ": " + Files.readString(dir.resolve("rsyslogd.out")));
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Pem issue(String subject, Pem issuer, boolean ca) throws GeneralSecurityException, IOException {
        // Bouncy Castle's keys encode the curve and public key inside the EC key, as OpenSSL does and GnuTLS needs.
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", BC);
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = kpg.generateKeyPair();
        X500Name name = new X500Name(subject);
        X500Name issuerName = issuer == null ? name : new X500Name(issuer.parsed().getSubjectX500Principal().getName());
        PrivateKey signingKey = issuer == null ? pair.getPrivate() : readKey(issuer.privateKey());
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(2))), name, pair.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        X509Certificate cert;
        try {
            cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
        return new Pem(pem(cert), pem(pair.getPrivate()), cert);
    }

    private static PrivateKey readKey(String pem) throws IOException {
        try (org.bouncycastle.openssl.PEMParser p = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
            Object o = p.readObject();
            org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = o instanceof org.bouncycastle.openssl.PEMKeyPair pair ? pair.getPrivateKeyInfo()
                    : (org.bouncycastle.asn1.pkcs.PrivateKeyInfo) o;
            return new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPrivateKey(info);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(w)) {
            writer.writeObject(o);
        }
        return w.toString();
    }
}
