package dev.fortel.notification;

import dev.fortel.platform.ValidationFailedException;
import dev.fortel.platform.ValidationFailedException.Violation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Checks SMTP settings field by field, collecting every violation so the operator fixes them all at once. */
public final class MailServerRules {

    static final int MAX_CERTIFICATE_CHARS = 65_536;

    private MailServerRules() {}

    /** What to do with the stored password. */
    sealed interface PasswordChange permits Keep, Remove, Replace {}

    record Keep() implements PasswordChange {}

    record Remove() implements PasswordChange {}

    record Replace(String password) implements PasswordChange {
        @Override
        public String toString() {
            return "Replace[******]";
        }
    }

    record Checked(String host, int port, MailSecurity security, @Nullable String username, PasswordChange password, String fromAddress,
            @Nullable String trustedCertificate) {}

    static Checked check(MailServerDraft d, @Nullable String storedUsername, boolean passwordStored) {
        List<Violation> v = new ArrayList<>();
        String host = d.host() == null ? "" : d.host().strip().toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            v.add(new Violation("host", "mail.host.required", "is required: the SMTP relay's host name or IP address, such as smtp.example.com"));
        } else if (!validHost(host)) {
            v.add(new Violation("host", "mail.host.invalid", "must be a host name such as smtp.example.com or an IP address, without scheme or port"));
        }
        int port = d.port() == null ? 0 : d.port();
        if (d.port() == null) {
            v.add(new Violation("port", "mail.port.required", "is required: 587 for STARTTLS, 465 for TLS"));
        } else if (port < 1 || port > 65535) {
            v.add(new Violation("port", "mail.port.range", "must be between 1 and 65535"));
        }
        MailSecurity security = d.security() == null ? null : MailSecurity.of(d.security().strip().toLowerCase(Locale.ROOT)).orElse(null);
        if (security == null) {
            v.add(new Violation("security", "mail.security.invalid", "must be starttls, tls or plain"));
        } else if (security == MailSecurity.PLAIN && !host.isEmpty() && !loopback(host)) {
            v.add(new Violation("security", "mail.security.plainRemote",
                    "plain is allowed only for a relay on this host (localhost, 127.0.0.1, ::1); use starttls or tls for " + host, List.of(host)));
        }
        String username = d.username() == null || d.username().isBlank() ? null : d.username().strip();
        if (username != null && (username.length() > 254 || hasControl(username))) {
            v.add(new Violation("username", "mail.username.invalid", "must be at most 254 characters without line breaks"));
        }
        PasswordChange password;
        if (d.password() == null) {
            password = new Keep();
        } else if (d.password().isEmpty()) {
            password = new Remove();
        } else {
            password = new Replace(d.password());
            if (d.password().length() > 1024 || hasControl(d.password())) {
                v.add(new Violation("password", "mail.password.invalid", "must be at most 1024 characters without line breaks"));
            }
        }
        boolean passwordAfter = password instanceof Replace || password instanceof Keep && passwordStored;
        if (username == null && password instanceof Replace) {
            v.add(new Violation("password", "mail.password.withoutUsername", "needs a username; give both, or neither for a relay without sign-in"));
        } else if (username == null && passwordAfter) {
            // The stored password belonged to the username being removed.
            password = new Remove();
        } else if (username != null && !passwordAfter) {
            v.add(new Violation("password", "mail.password.required", "is required with a username"));
        } else if (username != null && password instanceof Keep && !username.equals(storedUsername)) {
            v.add(new Violation("password", "mail.password.newUsername", "is required again when the username changes"));
        }
        String from = d.fromAddress() == null ? "" : d.fromAddress().strip();
        if (from.isEmpty()) {
            v.add(new Violation("from_address", "mail.from.required", "is required: the sender address, such as pbx@example.com"));
        } else if (!email(from)) {
            v.add(new Violation("from_address", "mail.from.invalid", "must be an e-mail address such as pbx@example.com"));
        }
        String certificate = d.trustedCertificate() == null || d.trustedCertificate().isBlank() ? null : d.trustedCertificate().strip();
        if (certificate != null) {
            if (certificate.length() > MAX_CERTIFICATE_CHARS) {
                v.add(new Violation("trusted_certificate", "mail.certificate.size", "must be at most 65536 characters"));
            } else if (certificates(certificate).isEmpty()) {
                v.add(new Violation("trusted_certificate", "mail.certificate.invalid",
                        "must be one or more PEM certificates (-----BEGIN CERTIFICATE-----), or empty to use the JVM's trust store"));
            }
            if (security == MailSecurity.PLAIN) {
                v.add(new Violation("trusted_certificate", "mail.certificate.plain", "applies only to starttls or tls; leave it empty for plain"));
            }
        }
        if (!v.isEmpty()) {
            throw new ValidationFailedException(v);
        }
        return new Checked(host, port, security, username, password, from, certificate);
    }

    /** A DNS name (labels of letters, digits and inner hyphens), an IPv4 address, or an IPv6 address: no scheme, port or path. */
    static boolean validHost(String host) {
        if (host.length() > 253) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return host.length() <= 45 && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Only these never leave the machine; a name that merely resolves to a loopback address is not trusted to. */
    static boolean loopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
    }

    /** Whether {@code address} is a mail address this product sends to (also what alert recipients are checked against). */
    public static boolean email(String address) {
        return address.length() <= 254 && !hasControl(address) && address.matches("[^@\\s<>\",;]{1,64}@[A-Za-z0-9.-]{1,189}")
                && validHost(address.substring(address.indexOf('@') + 1).toLowerCase(Locale.ROOT));
    }

    static List<X509Certificate> certificates(String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            return List.of();
        }
        try {
            Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return parsed.stream().filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).limit(20).toList();
        } catch (GeneralSecurityException | RuntimeException e) {
            return List.of();
        }
    }

    /** SHA-256 fingerprints of the certificates, for the journal and the console. */
    static String fingerprint(String pem) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return String.join(", ", certificates(pem).stream().map(c -> {
                try {
                    return "SHA-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha.digest(c.getEncoded()));
                } catch (GeneralSecurityException e) {
                    return "unreadable";
                }
            }).toList());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }
}
