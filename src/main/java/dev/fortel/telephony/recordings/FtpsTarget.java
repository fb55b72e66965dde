package dev.fortel.telephony.recordings;

import org.jspecify.annotations.Nullable;

/**
 * A company's FTPS server for recordings (explicit TLS, RFC 4217). The server certificate is checked against the JVM's
 * trusted authorities and the host name, or, when {@code pinnedSha256} is set, must be exactly that certificate
 * (SHA-256 of its DER encoding) - for a client's own self-signed server.
 */
public record FtpsTarget(String host, int port, String username, String directory, FileNameTemplate fileNameTemplate,
        @Nullable String pinnedSha256) {

    public String fileNameTemplateText() {
        return fileNameTemplate.value();
    }
}
