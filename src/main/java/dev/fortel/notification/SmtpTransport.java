package dev.fortel.notification;

import dev.fortel.platform.FortelProperties;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.stereotype.Component;

/**
 * One SMTP conversation per mail (Jakarta Mail, Eclipse Angus). STARTTLS is required when chosen, never
 * optional: a server that does not offer it gets nothing. With TLS the server's certificate is checked against
 * the JVM's trust store, or against the operator's own certificates when given, and its name against the host;
 * only TLS 1.3 and 1.2 are offered. Certificate checks cannot be turned off.
 */
@Component
class SmtpTransport {

    private final NotificationProperties settings;
    private final String localName;

    SmtpTransport(NotificationProperties settings, FortelProperties fortel) {
        this.settings = settings;
        this.localName = heloName(fortel);
    }

    /** A delivery that failed, worded for the outbox: never the password, never a stack trace. */
    static final class DeliveryFailure extends Exception {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        DeliveryFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    void send(Relay relay, String to, String subject, String body) throws DeliveryFailure {
        Session session = Session.getInstance(properties(relay));
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(relay.fromAddress(), true));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(body, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            // RFC 3834: machines should not answer it (vacation replies, auto-forwarders).
            message.setHeader("Auto-Submitted", "auto-generated");
            message.saveChanges();
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(relay.host(), relay.port(), relay.username(), relay.password());
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException | RuntimeException e) {
            throw new DeliveryFailure(describe(e, relay), e);
        }
    }

    Properties properties(Relay relay) {
        Properties p = new Properties();
        String timeout = Long.toString(settings.timeout().toMillis());
        p.put("mail.smtp.host", relay.host());
        p.put("mail.smtp.port", Integer.toString(relay.port()));
        p.put("mail.smtp.connectiontimeout", timeout);
        p.put("mail.smtp.timeout", timeout);
        p.put("mail.smtp.writetimeout", timeout);
        p.put("mail.smtp.localhost", localName);
        p.put("mail.smtp.from", relay.fromAddress());
        p.put("mail.smtp.auth", Boolean.toString(relay.username() != null));
        switch (relay.security()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case TLS -> p.put("mail.smtp.ssl.enable", "true");
            case PLAIN -> p.put("mail.smtp.starttls.enable", "false");
        }
        if (relay.security() != MailSecurity.PLAIN) {
            p.put("mail.smtp.ssl.checkserveridentity", "true");
            p.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
            if (relay.trustedCertificate() != null) {
                p.put("mail.smtp.ssl.socketFactory", trusting(MailServerRules.certificates(relay.trustedCertificate())));
            }
        }
        return p;
    }

    /** TLS that trusts exactly the operator's certificates (its own CA, or the relay's self-signed certificate). */
    static SSLSocketFactory trusting(List<X509Certificate> certificates) {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                anchors.setCertificateEntry("trusted-" + i, certificates.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store from the configured certificates", e);
        }
    }

    /** What went wrong, in words an operator can act on, with the password scrubbed should a server echo it. */
    static String describe(Exception e, Relay relay) {
        String where = relay.host() + ":" + relay.port();
        String text;
        if (e instanceof AuthenticationFailedException) {
            text = "the server at " + where + " refused the username or password";
        } else if (causedBy(e, java.net.ConnectException.class)
                || causedBy(e, java.net.SocketTimeoutException.class) || causedBy(e, java.net.UnknownHostException.class)) {
            Throwable root = root(e);
            text = "cannot connect to " + where + " (" + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")";
        } else if (causedBy(e, SSLException.class) || causedBy(e, java.security.cert.CertificateException.class)) {
            Throwable root = root(e);
            text = "TLS with " + where + " failed: " + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
        } else if (e instanceof SendFailedException) {
            text = "the server at " + where + " refused the sender or recipient: " + e.getMessage();
        } else {
            text = e.getClass().getSimpleName() + " from " + where + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        if (relay.password() != null && !relay.password().isEmpty()) {
            text = text.replace(relay.password(), "******");
        }
        text = text.replaceAll("[\\r\\n\\t]+", " ").strip();
        return text.length() > 500 ? text.substring(0, 497) + "..." : text;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t.getCause()
                    && causedBy(m.getNextException(), type)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** The name this server gives in EHLO: its public host name, never looked up in DNS. */
    private static String heloName(FortelProperties fortel) {
        if (fortel.publicUrl() != null) {
            try {
                String host = URI.create(fortel.publicUrl()).getHost();
                if (host != null && !host.isBlank()) {
                    return host;
                }
            } catch (IllegalArgumentException e) {
                // fall back to the TLS host name
            }
        }
        return fortel.tls().hostname();
    }
}
