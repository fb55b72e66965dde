package dev.fortel.platform.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How Fortel trusts a client's server when it connects out (an FTPS server for recordings, a SIEM's syslog receiver):
 * the JVM's authorities, the client's own authority given as PEM, or exactly one pinned certificate named by the
 * SHA-256 of its DER encoding, for a client's self-signed server. Host names are checked by the caller's TLS
 * parameters (endpoint identification) except with a pin, which names the certificate itself.
 */
public final class ServerTrust {

    private ServerTrust() {}

    /** The JVM's trusted authorities. */
    public static X509TrustManager system() {
        return fromKeyStore(null);
    }

    /** The authorities in {@code pem} (one or more certificates) and nothing else. */
    public static X509TrustManager authorities(List<X509Certificate> authorities) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            return fromKeyStore(store);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("a trust store cannot be built", e);
        }
    }

    /** Exactly the certificate whose SHA-256 (64 lower-case hex digits) is {@code sha256}. */
    public static X509TrustManager pinned(String sha256) {
        return new PinnedCertificate(sha256);
    }

    /** The certificates in PEM text; empty when there are none. */
    public static List<X509Certificate> certificates(String pem) throws CertificateException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (var c : f.generateCertificates(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    /** SHA-256 of the certificate's DER encoding, 64 lower-case hex digits. */
    public static String fingerprint(X509Certificate c) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CertificateException("SHA-256 is not available", e);
        }
    }

    private static X509TrustManager fromKeyStore(KeyStore store) {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            for (TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JVM has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("trusted certificates cannot be loaded", e);
        }
    }

    /** Trusts exactly one server certificate, named by the SHA-256 of its DER encoding. */
    private static final class PinnedCertificate implements X509TrustManager {

        private final String sha256;

        PinnedCertificate(String sha256) {
            this.sha256 = sha256;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server sent no certificate");
            }
            String seen = fingerprint(chain[0]);
            if (!MessageDigest.isEqual(seen.getBytes(StandardCharsets.US_ASCII), sha256.getBytes(StandardCharsets.US_ASCII))) {
                throw new CertificateException("the server certificate (SHA-256 " + seen + ") is not the pinned one");
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
