package dev.fortel.audit.syslog;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * A client certificate and its private key for receivers that authenticate senders (mutual TLS, RFC 5425 section
 * 5.2). Keys are read with Bouncy Castle's PEM parser: PKCS#8 ({@code PRIVATE KEY}) or the traditional RSA and EC
 * forms; an encrypted key is refused, as the server could not open it unattended.
 */
final class ClientCredentials {

    private ClientCredentials() {}

    static PrivateKey privateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem.strip()))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(o == null ? "no private key in it" : "an encrypted or unknown key (" + o.getClass().getSimpleName()
                    + "); give an unencrypted PKCS#8 key");
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new IOException("not a readable private key", e);
        }
    }

    /** Whether the key is the private half of the certificate's public key (a signature made with one verifies with the other). */
    static boolean matches(X509Certificate certificate, PrivateKey key) {
        try {
            String algorithm = switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> throw new GeneralSecurityException("unsupported key type " + key.getAlgorithm());
            };
            byte[] probe = "fortel-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static KeyManager[] keyManagers(List<X509Certificate> chain, PrivateKey key) throws CertificateException {
        try {
            char[] none = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, none, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, none);
            return f.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateException("the client certificate cannot be used: " + e.getMessage(), e);
        }
    }
}
