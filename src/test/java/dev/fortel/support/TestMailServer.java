package dev.fortel.support;

import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
        return TestCertificates.pem(TestCertificates.writeKeyStore(store, password, "greenmail", "Fortel test mail server"));
    }
}
