package dev.fortel.support;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real SMTP server (GreenMail) in the test JVM on 127.0.0.1, with a plain port and an implicit-TLS port. Its TLS
 * certificate is made here for {@code localhost} and {@code 127.0.0.1}, so Fortel can check it like any server's
 * once the test hands it over as the trusted certificate; GreenMail's own certificate names no host at all.
 */
public final class TestMailServer implements AutoCloseable {

    public static final String USER = "fortel-relay";
    public static final String PASSWORD = "relay secret " + Long.toHexString(new SecureRandom().nextLong());

    private final GreenMail greenMail;
    private final String certificatePem;

    private TestMailServer(GreenMail greenMail, String certificatePem) {
        this.greenMail = greenMail;
        this.certificatePem = certificatePem;
    }

    /** Starts on random free ports of 127.0.0.1; SMTP authentication is checked against {@link #USER}/{@link #PASSWORD}. */
    public static TestMailServer start() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "greenmail"));
            Path store = dir.resolve("smtps-" + Long.toHexString(System.nanoTime()) + ".p12");
            String pem = writeKeyStore(store, "changeit".toCharArray());
            // GreenMail reads its key store from these properties when a TLS server starts.
            System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY, store.toString());
            System.setProperty(DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, "changeit");
            GreenMail gm = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP), new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)});
            gm.start();
            gm.setUser(USER, USER, PASSWORD);
            return new TestMailServer(gm, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int smtpsPort() {
        return greenMail.getSmtps().getPort();
    }

    /** The TLS port's certificate, PEM: what an operator pastes as the trusted certificate of a relay with its own CA. */
    public String certificatePem() {
        return certificatePem;
    }

    /** A mail received for {@code to}, waiting up to {@code timeout}. */
    public Optional<MimeMessage> await(String to, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        do {
            Optional<MimeMessage> found = to(to).stream().findFirst();
            if (found.isPresent()) {
                return found;
            }
            sleep();
        } while (Instant.now().isBefore(deadline));
        return Optional.empty();
    }

    public MimeMessage awaitOne(String to) {
        return await(to, Duration.ofSeconds(15)).orElseThrow(() -> new AssertionError("no mail arrived for " + to));
    }

    /** Every mail received so far for {@code to}. */
    public List<MimeMessage> to(String to) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(to));
            } catch (MessagingException e) {
                return false;
            }
        }).toList();
    }

    public List<MimeMessage> all() {
        return List.of(greenMail.getReceivedMessages());
    }

    public static String text(MimeMessage m) {
        try {
            return String.valueOf(m.getContent());
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String writeKeyStore(Path store, char[] password) throws IOException, GeneralSecurityException {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = kpg.generateKeyPair();
        X500Name name = new X500Name("CN=localhost,O=Fortel test mail server");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(2))), name, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate cert;
        try {
            cert = new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(pair.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("greenmail", pair.getPrivate(), password, new X509Certificate[] {cert});
        try (OutputStream out = Files.newOutputStream(store)) {
            ks.store(out, password);
        }
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }
}
