package dev.fortel.identity.ldap;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import dev.fortel.platform.tls.ServerTrust;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Opens TLS connections to a company's directory. {@code ldaps://} is TLS from the first byte; {@code ldap://} must
 * switch to TLS with StartTLS (RFC 4511 §4.14) before anything else is sent, and the connection is refused when the
 * server declines. The server's certificate must chain to the pinned CA (or, without one, to the JVM's authorities) and
 * name the host of the URL ({@link HostNameSSLSocketVerifier}, checked for StartTLS too). Failures become a
 * {@link DirectoryProblem} that says what to fix.
 */
final class DirectoryConnector {

    private final Duration connectTimeout;
    private final Duration responseTimeout;

    DirectoryConnector(Duration connectTimeout, Duration responseTimeout) {
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
    }

    /** A connection over TLS, not yet bound (anonymous). */
    LDAPConnection open(String url, @Nullable String caPem) throws DirectoryProblem {
        LDAPURL parsed;
        try {
            parsed = new LDAPURL(url);
        } catch (LDAPException e) {
            throw new DirectoryProblem("failed", "the URL is not an LDAP URL: " + e.getExceptionMessage());
        }
        String host = parsed.getHost();
        int port = parsed.getPort();
        SSLUtil ssl;
        try {
            X509TrustManager trust = caPem == null ? ServerTrust.system() : ServerTrust.authorities(ServerTrust.certificates(caPem));
            ssl = new SSLUtil(trust);
        } catch (CertificateException e) {
            throw new DirectoryProblem("failed", "the pinned CA certificate cannot be read: " + e.getMessage());
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) connectTimeout.toMillis());
        options.setResponseTimeoutMillis(responseTimeout.toMillis());
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
        options.setUseKeepAlive(false);
        LDAPConnection connection = null;
        try {
            if ("ldaps".equals(parsed.getScheme())) {
                SSLSocketFactory sockets = ssl.createSSLSocketFactory("TLSv1.3");
                connection = new LDAPConnection(sockets, options, host, port);
            } else {
                connection = new LDAPConnection(options, host, port);
                SSLContext context = ssl.createSSLContext("TLSv1.3");
                ResultCode started;
                try {
                    started = connection.processExtendedOperation(new StartTLSExtendedRequest(context)).getResultCode();
                } catch (LDAPException e) {
                    // A result the server sent (unwilling to perform, protocol error) is its refusal; a client-side one
                    // (a failed handshake, a closed connection) is translated below like any other connection failure.
                    if (ResultCode.isClientSideResultCode(e.getResultCode())) {
                        throw e;
                    }
                    started = e.getResultCode();
                }
                if (started != ResultCode.SUCCESS) {
                    throw new DirectoryProblem("starttls_refused", "the server at " + host + ":" + port + " refused StartTLS ("
                            + started.getName() + "); Fortel never talks to a directory without TLS: enable TLS on the server "
                            + "or use ldaps://", host + ":" + port);
                }
            }
            return connection;
        } catch (LDAPException e) {
            close(connection);
            throw translate(e, host, port);
        } catch (GeneralSecurityException e) {
            close(connection);
            throw new DirectoryProblem("failed", "TLS could not be set up: " + e.getMessage());
        } catch (DirectoryProblem e) {
            close(connection);
            throw e;
        }
    }

    /** A connection bound as {@code dn}. */
    LDAPConnection bound(String url, @Nullable String caPem, String dn, String password) throws DirectoryProblem {
        LDAPConnection c = open(url, caPem);
        try {
            bind(c, dn, password);
            return c;
        } catch (DirectoryProblem e) {
            c.close();
            throw e;
        }
    }

    /**
     * Binds as {@code dn}. An empty password is refused here, before the server sees it: a simple bind with a name and
     * no password is an unauthenticated bind, which servers answer with success (RFC 4513 §5.1.2).
     */
    static void bind(LDAPConnection c, String dn, String password) throws DirectoryProblem {
        if (password.isEmpty()) {
            throw new DirectoryProblem("bind_rejected", "an empty password is never sent: it would be an unauthenticated bind (RFC 4513 §5.1.2)");
        }
        try {
            BindResult result = c.bind(new SimpleBindRequest(dn, password));
            if (result.getResultCode() != ResultCode.SUCCESS) {
                throw new DirectoryProblem("bind_rejected", "the directory refused the bind as " + dn + ": " + result.getResultCode().getName(), dn);
            }
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                throw new DirectoryProblem("bind_rejected", "the directory refused the bind as " + dn
                        + ": wrong DN or password (invalid credentials)", dn);
            }
            throw translate(e, c.getConnectedAddress(), c.getConnectedPort());
        }
    }

    /** What an LDAP failure means for the administrator. */
    static DirectoryProblem translate(LDAPException e, @Nullable String host, int port) {
        String where = host + ":" + port;
        Throwable cause = rootCause(e);
        ResultCode rc = e.getResultCode();
        if (cause instanceof UnknownHostException) {
            return new DirectoryProblem("unknown_host", "the host " + host + " cannot be resolved; check the URL", e, String.valueOf(host));
        }
        if (cause instanceof ConnectException) {
            return new DirectoryProblem("refused", "nothing accepts connections at " + where + "; check the host, the port and the firewall", e, where);
        }
        if (cause instanceof SocketTimeoutException || rc == ResultCode.TIMEOUT) {
            return new DirectoryProblem("timeout", "the directory at " + where + " did not answer in time", e, where);
        }
        if (cause instanceof CertificateException || cause instanceof SSLHandshakeException
                || cause instanceof java.security.cert.CertPathValidatorException || cause instanceof java.security.cert.CertPathBuilderException) {
            return new DirectoryProblem("tls_untrusted", "the certificate of " + where + " is not trusted: " + cause.getMessage()
                    + "; paste the directory's CA certificate into the CA field", e, where);
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("hostname") || message.contains("host name") || message.contains("subject alternative name")) {
            return new DirectoryProblem("tls_hostname", "the certificate of " + where + " does not name " + host
                    + "; use the host name the certificate was issued for", e, where);
        }
        if (rc == ResultCode.NO_SUCH_OBJECT) {
            return new DirectoryProblem("base_not_found", "the directory has no entry " + (e.getMatchedDN() == null ? "" : "below " + e.getMatchedDN() + " ")
                    + "for the base DN; check the search base", e);
        }
        if (rc == ResultCode.SERVER_DOWN || rc == ResultCode.CONNECT_ERROR) {
            return new DirectoryProblem("unreachable", "the connection to " + where + " failed: " + e.getExceptionMessage(), e, where);
        }
        return new DirectoryProblem("failed", "the directory answered " + rc.getName() + (e.getDiagnosticMessage() == null ? ""
                : ": " + e.getDiagnosticMessage()), e);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            if (c instanceof CertificateException || c instanceof UnknownHostException || c instanceof ConnectException
                    || c instanceof SocketTimeoutException) {
                return c;
            }
            c = c.getCause();
        }
        return c;
    }

    static void close(@Nullable LDAPConnection c) {
        if (c != null) {
            c.close();
        }
    }
}
