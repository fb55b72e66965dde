package dev.fortel.telephony.recordings;

import dev.fortel.platform.tls.ServerTrust;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * Puts one file on an FTPS server with Apache Commons Net: explicit TLS ({@code AUTH TLS}) before the password is
 * sent, a protected data channel ({@code PBSZ 0}, {@code PROT P}), passive mode, binary. The file is written under a
 * temporary name and renamed when complete, so the client's pipeline never picks up half a recording.
 */
final class FtpsUploader {

    /** A delivery that failed, with a reason fit for the console and the journal (never a password). */
    static final class DeliveryFailedException extends Exception {

        @java.io.Serial
        private static final long serialVersionUID = 1L;

        DeliveryFailedException(String reason) {
            super(reason);
        }
    }

    private final Duration timeout;

    FtpsUploader(Duration timeout) {
        this.timeout = timeout;
    }

    /** Uploads {@code content} to {@code directory/relativePath}, making the folders it needs; returns the full remote path. */
    String upload(FtpsTarget target, String password, String relativePath, InputStream content) throws DeliveryFailedException {
        FTPSClient ftps = new FTPSClient("TLS", false);
        if (target.pinnedSha256() != null) {
            ftps.setTrustManager(ServerTrust.pinned(target.pinnedSha256()));
        } else {
            ftps.setTrustManager(ServerTrust.system());
            ftps.setHostnameVerifier(HttpsURLConnection.getDefaultHostnameVerifier());
            ftps.setEndpointCheckingEnabled(true);
        }
        ftps.setConnectTimeout((int) timeout.toMillis());
        ftps.setDefaultTimeout((int) timeout.toMillis());
        ftps.setDataTimeout(timeout);
        String remote = (target.directory().endsWith("/") ? target.directory() : target.directory() + "/") + relativePath;
        try {
            ftps.connect(target.host(), target.port());
            expect(ftps, FTPReply.isPositiveCompletion(ftps.getReplyCode()), "the server refused the connection");
            ftps.execPBSZ(0);
            ftps.execPROT("P");
            expect(ftps, ftps.login(target.username(), password), "the server refused the user name or password");
            ftps.enterLocalPassiveMode();
            expect(ftps, ftps.setFileType(FTP.BINARY_FILE_TYPE), "the server refused binary transfers");
            makeFolders(ftps, remote.substring(0, remote.lastIndexOf('/')));
            String partial = remote + ".partial";
            expect(ftps, ftps.storeFile(partial, content), "the server refused to store " + partial);
            ftps.deleteFile(remote);
            expect(ftps, ftps.rename(partial, remote), "the server refused to rename " + partial + " to " + remote);
            ftps.logout();
            return remote;
        } catch (javax.net.ssl.SSLException e) {
            throw new DeliveryFailedException("TLS failed: " + rootMessage(e));
        } catch (IOException e) {
            throw new DeliveryFailedException("connection to " + target.host() + ":" + target.port() + " failed: " + rootMessage(e));
        } finally {
            if (ftps.isConnected()) {
                try {
                    ftps.disconnect();
                } catch (IOException ignored) {
                    // The transfer's outcome is already decided.
                }
            }
        }
    }

    private static void makeFolders(FTPSClient ftps, String folder) throws IOException, DeliveryFailedException {
        StringBuilder path = new StringBuilder();
        for (String part : folder.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            path.append('/').append(part);
            if (!ftps.changeWorkingDirectory(path.toString())) {
                expect(ftps, ftps.makeDirectory(path.toString()), "the server refused to make the folder " + path);
            }
        }
        ftps.changeWorkingDirectory("/");
    }

    private static void expect(FTPSClient ftps, boolean ok, String what) throws DeliveryFailedException {
        if (!ok) {
            throw new DeliveryFailedException(what + " (" + ftps.getReplyString().strip() + ")");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.length() > 300 ? m.substring(0, 300) : m;
    }

}
