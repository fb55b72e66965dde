package dev.fortel.audit.syslog;

import dev.fortel.platform.tls.ServerTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/** Opens connections to receivers, and says in a sentence why one could not be opened. */
final class SyslogConnector {

    /** Everything needed to connect, the client key opened. */
    record Endpoint(String host, int port, Transport transport, @Nullable String caPem, @Nullable String pinnedSha256,
            @Nullable String clientCertPem, @Nullable String clientKeyPem) {

        @Override
        public String toString() {
            return transport + " " + host + ":" + port;
        }
    }

    /** A connection that could not be made, with the reason as an administrator reads it (never a key). */
    static final class ConnectFailedException extends IOException {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        ConnectFailedException(String reason, @Nullable Throwable cause) {
            super(reason, cause);
        }
    }

    private final Duration timeout;

    SyslogConnector(Duration timeout) {
        this.timeout = timeout;
    }

    /** Connections to one endpoint: its TLS context is built once, so reconnecting (after each confirmation) resumes the session. */
    final class Dialer {

        private final Endpoint endpoint;
        private @Nullable SSLContext context;

        private Dialer(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        SyslogConnection open() throws ConnectFailedException {
            if (context == null && endpoint.transport() == Transport.TLS) {
                try {
                    context = context(endpoint);
                } catch (GeneralSecurityException | IOException | RuntimeException failed) {
                    throw new ConnectFailedException(reason(endpoint.host(), endpoint.port(), failed), failed);
                }
            }
            return SyslogConnector.this.open(endpoint, context);
        }
    }

    Dialer dialer(Endpoint e) {
        return new Dialer(e);
    }

    SyslogConnection open(Endpoint e) throws ConnectFailedException {
        return dialer(e).open();
    }

    private SyslogConnection open(Endpoint e, @Nullable SSLContext context) throws ConnectFailedException {
        InetSocketAddress address = new InetSocketAddress(e.host(), e.port());
        if (address.isUnresolved()) {
            throw new ConnectFailedException("the host name " + e.host() + " does not resolve", null);
        }
        try {
            if (e.transport() == Transport.UDP) {
                return new SyslogConnection.Datagram(address);
            }
            int millis = (int) timeout.toMillis();
            Socket plain = new Socket();
            plain.setTcpNoDelay(false);
            plain.connect(address, millis);
            if (e.transport() == Transport.TCP) {
                return new SyslogConnection.Stream(plain, millis);
            }
            SSLSocket tls;
            try {
                tls = (SSLSocket) java.util.Objects.requireNonNull(context).getSocketFactory().createSocket(plain, e.host(), e.port(), true);
            } catch (IOException | RuntimeException failed) {
                plain.close();
                throw failed;
            }
            SSLParameters p = tls.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            if (e.pinnedSha256() == null) {
                // The receiver's name (or IP) must be in its certificate; a pin names the certificate itself.
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            tls.setSSLParameters(p);
            tls.setSoTimeout(millis);
            try {
                tls.startHandshake();
            } catch (IOException failed) {
                tls.close();
                throw failed;
            }
            tls.setSoTimeout(0);
            return new SyslogConnection.Stream(tls, millis);
        } catch (ConnectFailedException already) {
            throw already;
        } catch (IOException | RuntimeException failed) {
            throw new ConnectFailedException(reason(e.host(), e.port(), failed), failed);
        }
    }

    private static SSLContext context(Endpoint e) throws GeneralSecurityException, IOException {
        X509TrustManager trust;
        if (e.pinnedSha256() != null) {
            trust = ServerTrust.pinned(e.pinnedSha256());
        } else if (e.caPem() != null) {
            trust = ServerTrust.authorities(ServerTrust.certificates(e.caPem()));
        } else {
            trust = ServerTrust.system();
        }
        KeyManager[] keys = null;
        if (e.clientCertPem() != null && e.clientKeyPem() != null) {
            List<X509Certificate> chain = ServerTrust.certificates(e.clientCertPem());
            keys = ClientCredentials.keyManagers(chain, ClientCredentials.privateKey(e.clientKeyPem()));
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, new X509TrustManager[] {trust}, null);
        return ctx;
    }

    /** Why {@code failed} happened, in the administrator's terms. */
    String reason(String host, int port, Throwable failed) {
        String at = host + ":" + port;
        Throwable root = failed;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof CertificateException) {
                break;
            }
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (detail.length() > 240) {
            detail = detail.substring(0, 240);
        }
        if (failed instanceof ConnectException) {
            return "nothing accepts connections at " + at + " (connection refused)";
        }
        if (failed instanceof SocketTimeoutException) {
            return "no answer from " + at + " within " + timeout.toSeconds() + " s";
        }
        if (failed instanceof UnknownHostException) {
            return "the host name " + host + " does not resolve";
        }
        if (failed instanceof NoRouteToHostException) {
            return "no route to " + at;
        }
        if (failed instanceof SSLHandshakeException || root instanceof CertificateException) {
            return "TLS with " + at + " failed: " + (root instanceof CertificateException
                    ? "the receiver's certificate is not trusted (" + detail + ")"
                    : detail);
        }
        return "connection to " + at + " failed: " + detail;
    }
}
