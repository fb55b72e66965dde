package dev.fortel.support;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * UnboundID's in-memory directory server on a real loopback socket, for the fast LDAP tests: StartTLS on
 * {@code ldap://127.0.0.1:P} (or, with {@link Mode#PLAIN}, a server that refuses StartTLS) and LDAPS on another port,
 * with a fresh self-signed certificate for 127.0.0.1 and localhost. Its access log is kept, so a test can see the
 * filters the server received.
 */
public final class TestDirectoryServer implements AutoCloseable {

    public enum Mode { TLS, PLAIN }

    private final InMemoryDirectoryServer server;
    private final String caPem;
    private final List<String> access = new CopyOnWriteArrayList<>();

    private TestDirectoryServer(Path dir, Mode mode, String suffix, String ldif) throws LDAPException, IOException, GeneralSecurityException {
        char[] password = "changeit".toCharArray();
        Path store = dir.resolve("ldap-server.p12");
        X509Certificate cert = TestCertificates.writeKeyStore(store, password, "ldap", "Fortel test directory");
        this.caPem = TestCertificates.pem(cert);
        SSLUtil serverSsl = new SSLUtil(new KeyStoreKeyManager(store.toFile(), password, "PKCS12", "ldap"), null);
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(suffix);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InMemoryListenerConfig ldap = mode == Mode.TLS
                ? InMemoryListenerConfig.createLDAPConfig("ldap", loopback, 0, serverSsl.createSSLSocketFactory())
                : InMemoryListenerConfig.createLDAPConfig("ldap", loopback, 0, null);
        InMemoryListenerConfig ldaps = InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0, serverSsl.createSSLServerSocketFactory(),
                null);
        config.setListenerConfigs(ldap, ldaps);
        config.setAccessLogHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                access.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        server = new InMemoryDirectoryServer(config);
        try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif.getBytes(StandardCharsets.UTF_8)))) {
            server.importFromLDIF(true, reader);
        }
        server.startListening();
    }

    /** Starts a server holding {@code ldif} (the suffix entry first). */
    public static TestDirectoryServer start(Path dir, Mode mode, String suffix, String ldif) throws Exception {
        return new TestDirectoryServer(dir, mode, suffix, ldif);
    }

    /** {@code ldap://127.0.0.1:P}: StartTLS (or plain, in {@link Mode#PLAIN}). */
    public String url() {
        return "ldap://127.0.0.1:" + server.getListenPort("ldap");
    }

    public String ldapsUrl() {
        return "ldaps://127.0.0.1:" + server.getListenPort("ldaps");
    }

    /** The server's self-signed certificate, to pin as the CA. */
    public String caPem() {
        return caPem;
    }

    /** The server itself, to change entries between synchronizations. */
    public InMemoryDirectoryServer server() {
        return server;
    }

    /** What the server logged of each request so far (searches show their filter). */
    public List<String> accessLog() {
        return List.copyOf(access);
    }

    /** Stops listening (the port refuses connections) while keeping the data, to try an unreachable directory. */
    public void stop() {
        server.shutDown(false);
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
