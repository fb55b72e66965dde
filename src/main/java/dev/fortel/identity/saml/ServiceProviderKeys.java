package dev.fortel.identity.saml;

import dev.fortel.platform.secrets.SecretBox;
import dev.fortel.tenancy.TenantId;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The company's own SAML signing key: it signs Fortel's AuthnRequests, and the IdP knows it from Fortel's metadata. Made
 * the first time it is needed, so that an administrator can register Fortel at the IdP before pasting the IdP's
 * metadata here. RSA 2048 with SHA-256, which every IdP accepts; the self-signed certificate only carries the key (SAML
 * trusts the key named in metadata, not a CA), so it is valid for ten years and need not be renewed.
 */
@Repository
class ServiceProviderKeys {

    static final String KEY_PURPOSE = "identity.saml-sp-key";
    private static final Duration VALIDITY = Duration.ofDays(3653);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The key pair as PEM texts. The private key is only ever held in memory, opened from its sealed form. */
    record Pair(String privateKeyPem, String certificatePem) {

        @Override
        public String toString() {
            return "Pair[private key ******]";
        }
    }

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final Clock clock;

    ServiceProviderKeys(JdbcClient jdbc, SecretBox box, Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.clock = clock;
    }

    /** The company's key pair, made now if it has none yet. */
    Pair of(TenantId tenant) {
        Optional<Pair> stored = find(tenant);
        if (stored.isPresent()) {
            return stored.get();
        }
        Pair made = generate(tenant);
        try {
            jdbc.sql("INSERT INTO saml_sp_keys (tenant_id, private_key, cert_pem, created_at) VALUES (:t, :k, :c, :at)")
                    .param("t", tenant.value()).param("k", box.seal(made.privateKeyPem(), KEY_PURPOSE, tenant.value().toString()))
                    .param("c", made.certificatePem())
                    .param("at", OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC)).update();
            return made;
        } catch (DuplicateKeyException raced) {
            // Two first looks at once: the one stored first is the company's key.
            return find(tenant).orElseThrow();
        }
    }

    private Optional<Pair> find(TenantId tenant) {
        return jdbc.sql("SELECT private_key, cert_pem FROM saml_sp_keys WHERE tenant_id = :t").param("t", tenant.value())
                .query((rs, n) -> new Pair(box.openText(rs.getString("private_key"), KEY_PURPOSE, tenant.value().toString()),
                        rs.getString("cert_pem")))
                .optional();
    }

    private Pair generate(TenantId tenant) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
            kpg.initialize(2048, RANDOM);
            KeyPair pair = kpg.generateKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500Name("CN=Fortel SAML " + tenant.value() + ",O=Fortel");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(128, RANDOM),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new Pair(pem(pair.getPrivate()), pem(cert));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the SAML signing key", e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o instanceof java.security.PrivateKey k ? new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", k.getEncoded()) : o);
        }
        return out.toString();
    }
}
