package dev.fortel.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * A real FTPS server (Apache FtpServer) on 127.0.0.1 with explicit TLS and a fresh self-signed certificate. Like a
 * client's hardened server it refuses to log in before {@code AUTH TLS} and to transfer a file over an unprotected
 * data channel, and it notes every stored file's protection, so a test can tell the upload really was encrypted.
 */
public final class TestFtpsServer implements AutoCloseable {

    public static final String USER = "recordings";
    public static final String PASSWORD = "ftps secret " + Long.toHexString(new java.security.SecureRandom().nextLong());

    private final FtpServer server;
    private final int port;
    private final Path home;
    private final X509Certificate certificate;
    private final Map<String, Boolean> protectedUploads = new ConcurrentHashMap<>();

    private TestFtpsServer(Path dir) throws IOException, GeneralSecurityException, FtpException {
        this.home = Files.createDirectories(dir.resolve("home"));
        Path store = dir.resolve("ftps.p12");
        this.certificate = TestCertificates.writeKeyStore(store, "changeit".toCharArray(), "ftps", "Fortel test FTPS server");
        this.port = freePort();
        SslConfigurationFactory ssl = new SslConfigurationFactory();
        ssl.setKeystoreFile(store.toFile());
        ssl.setKeystorePassword("changeit");
        ssl.setKeystoreType("PKCS12");
        ssl.setKeyPassword("changeit");
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        listener.setSslConfiguration(ssl.createSslConfiguration());
        listener.setImplicitSsl(false);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.1");
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        FtpServerFactory factory = new FtpServerFactory();
        factory.addListener("default", listener.createListener());
        PropertiesUserManagerFactory users = new PropertiesUserManagerFactory();
        users.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        users.setFile(Files.createFile(dir.resolve("users.properties")).toFile());
        UserManager manager = users.createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.of(new WritePermission()));
        manager.save(user);
        factory.setUserManager(manager);
        Map<String, org.apache.ftpserver.ftplet.Ftplet> ftplets = new java.util.HashMap<>();
        ftplets.put("tls-only", new DefaultFtplet() {
            @Override
            public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
                String command = request.getCommand().toUpperCase(Locale.ROOT);
                if ((command.equals("USER") || command.equals("PASS")) && !session.isSecure()) {
                    session.write(new DefaultFtpReply(FtpReply.REPLY_530_NOT_LOGGED_IN, "TLS required: send AUTH TLS first"));
                    return FtpletResult.SKIP;
                }
                if (command.equals("STOR")) {
                    boolean secure = session.getDataConnection().isSecure();
                    protectedUploads.put(request.getArgument(), secure);
                    if (!secure) {
                        session.write(new DefaultFtpReply(522, "PROT P required: the data channel must be protected (RFC 4217 section 9)"));
                        return FtpletResult.SKIP;
                    }
                }
                return FtpletResult.DEFAULT;
            }
        });
        factory.setFtplets(ftplets);
        this.server = factory.createServer();
        server.start();
    }

    public static TestFtpsServer start(Path dir) {
        try {
            return new TestFtpsServer(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | FtpException e) {
            throw new IllegalStateException("the test FTPS server did not start", e);
        }
    }

    public int port() {
        return port;
    }

    /** The folder the user's {@code /} maps to. */
    public Path home() {
        return home;
    }

    public String certificateSha256() {
        try {
            return TestCertificates.sha256(certificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether each file stored so far came over a TLS-protected data channel, by the name the client gave. */
    public Map<String, Boolean> protectedUploads() {
        return Map.copyOf(protectedUploads);
    }

    @Override
    public void close() {
        server.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
