package dev.fortel.platform.tls;

import dev.fortel.platform.FortelProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Turns HTTPS on with the generated certificate unless the operator configured a real one through
 * {@code server.ssl.*}. Either way the protocol and cipher policy below applies: TLS 1.2 and 1.3 only
 * (RFC 8996 deprecates 1.0/1.1), and for 1.2 only ECDHE key exchange with AEAD ciphers (no CBC, no RSA
 * key transport, no SHA-1 MACs), which is what testssl.sh and Mozilla's "intermediate" profile expect.
 */
@Component
class TlsBootstrap implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>, Ordered {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String[] CIPHERS = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"};

    private static final Logger log = LoggerFactory.getLogger(TlsBootstrap.class);

    private final FortelProperties properties;

    TlsBootstrap(FortelProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(ConfigurableServletWebServerFactory factory) {
        Ssl configured = factory instanceof AbstractConfigurableWebServerFactory f ? f.getSsl() : null;
        if (configured != null && configured.isEnabled()) {
            harden(configured);
            return;
        }
        if (!properties.tls().enabled()) {
            log.warn("TLS is disabled (fortel.tls.enabled=false): serve plain HTTP only behind a TLS-terminating proxy");
            return;
        }
        SelfSignedKeyStore store = new SelfSignedKeyStore(properties.dataDir().resolve("tls"));
        String password;
        try {
            password = store.ensure(properties.tls().hostname());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the TLS key store under " + store.store(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the self-signed certificate", e);
        }
        Ssl ssl = new Ssl();
        ssl.setEnabled(true);
        ssl.setKeyStore(store.store().toAbsolutePath().toUri().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(password);
        ssl.setKeyAlias(SelfSignedKeyStore.ALIAS);
        harden(ssl);
        factory.setSsl(ssl);
        log.info("HTTPS with the self-signed certificate in {}", store.store().toAbsolutePath());
    }

    private static void harden(Ssl ssl) {
        ssl.setEnabledProtocols(PROTOCOLS);
        ssl.setCiphers(CIPHERS);
    }

    @Override
    public int getOrder() {
        // After Boot's own customizer has applied server.ssl.* so that an operator's certificate wins.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
